/** Validates a `generator` argument: a torchlet Generator, or nothing (use the global one). */
import { Generator } from '../../random/generator.js';
import { typeName } from './dataset.js';

export function checkGenerator(g: unknown, where: string): Generator | null {
  if (g === undefined || g === null) return null;
  if (!(g instanceof Generator)) {
    throw new TypeError(`${where}: generator must be a torch.Generator, but got ${typeName(g)}`);
  }
  return g;
}
