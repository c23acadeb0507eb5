// torch.utils.data must stay importable in a browser: no module reachable from its index may
// import a `node:` module statically (worker threads and file reading load theirs on demand).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const srcRoot = resolve(import.meta.dirname, '..', '..', 'src');

function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+'([^']+)'/gm)) out.push(m[1]!);
  return out;
}

test('nothing reachable from utils/data/index.ts imports node: modules at the top level', () => {
  const seen = new Set<string>();
  const offenders: string[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('node:')) offenders.push(`${file.slice(srcRoot.length + 1)} imports ${spec}`);
      else if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(join(srcRoot, 'utils', 'data', 'index.ts'));
  assert.ok(seen.size > 10, 'the import graph was walked');
  assert.ok(![...seen].some((f) => f.endsWith('worker_pool.ts') || f.endsWith('worker_main.ts')), 'worker modules load on demand');
  assert.deepEqual(offenders, []);
});
