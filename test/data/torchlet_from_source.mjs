// Module hooks that resolve the bare specifier 'torchlet' to this repository's TypeScript source,
// so a seed program runs unchanged against src/ (used with `node --import tsx --import <this>`).
import { register } from 'node:module';

const source = new URL('../../src/index.ts', import.meta.url).href;
const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === 'torchlet') return next(${JSON.stringify(source)}, context);
  return next(specifier, context);
}
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
