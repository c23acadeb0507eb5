// `npm start`: the tutorial tour. Runs every example in examples/ in order (or one: `--only NAME`),
// each printing its section title and results; figures go to out/.
import { spawnSync } from 'node:child_process';
import { readdirSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const examples = readdirSync(join(root, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .sort()
  .filter((f) => only === null || f.includes(only));
if (examples.length === 0) {
  console.error(`no example matches '${only}'`);
  process.exit(1);
}
mkdirSync(join(process.cwd(), 'out'), { recursive: true });
let failed = 0;
for (const [i, f] of examples.entries()) {
  console.log(`\n=== [${i + 1}/${examples.length}] ${f.replace(/\.ts$/, '')} ===`);
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'examples', f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (failed > 0) {
  console.error(`\n${failed} example(s) failed`);
  process.exit(1);
}
