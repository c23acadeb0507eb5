import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : name.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}

test('the tensor library never loads the plotting code or its charting packages', () => {
  const charting = /^(vega|d3-|@resvg\/)/;
  for (const file of sources(SRC).filter((f) => !relative(SRC, f).startsWith('plot'))) {
    for (const spec of imports(file)) {
      assert.ok(!charting.test(spec), `${relative(SRC, file)} imports ${spec}`);
      assert.ok(!/(^|\/)plot(\/|$)/.test(spec), `${relative(SRC, file)} imports ${spec}`);
    }
  }
});

test('the plotting code stands alone: it imports nothing from the tensor library', () => {
  for (const file of sources(join(SRC, 'plot'))) {
    for (const spec of imports(file)) {
      assert.ok(!spec.startsWith('..'), `plot/${relative(join(SRC, 'plot'), file)} imports ${spec}`);
    }
  }
});
