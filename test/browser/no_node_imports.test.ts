// torchlet and torchlet/plot load in a browser: bundled for the browser from their entry points, no
// Node built-in module is reachable through static imports or require() (Node-only code sits behind
// dynamic import() or process.getBuiltinModule at run time), and the bundle runs where there is no
// `process` at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { runInNewContext } from 'node:vm';
import { build, type Plugin } from 'esbuild';

const SRC = new URL('../../src/', import.meta.url).pathname;

function isNodeBuiltin(spec: string): boolean {
  if (spec.startsWith('node:')) return true;
  return builtinModules.includes(spec.split('/')[0]!) || builtinModules.includes(spec);
}

// Static edges must never reach Node; a dynamic import() is left unbundled, because it only runs
// when the code that holds it has checked that it is in Node (the DataLoader's worker threads,
// reading files).
function browserOnly(reached: string[]): Plugin {
  return {
    name: 'browser-only',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'dynamic-import') return { path: args.path, external: true };
        if (isNodeBuiltin(args.path)) {
          reached.push(`${args.path} (${args.kind} in ${args.importer.replace(SRC, 'src/')})`);
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
}

async function bundle(entry: string | { contents: string }, format: 'esm' | 'iife'): Promise<{ code: string; reached: string[] }> {
  const reached: string[] = [];
  const out = await build({
    ...(typeof entry === 'string' ? { entryPoints: [SRC + entry] } : { stdin: { ...entry, resolveDir: SRC, loader: 'ts' as const } }),
    bundle: true,
    write: false,
    platform: 'browser',
    format,
    globalName: format === 'iife' ? 'lib' : undefined,
    target: 'es2022',
    logLevel: 'silent',
    define: { 'import.meta.url': '"https://example.test/torchlet.js"' },
    plugins: [browserOnly(reached)],
  });
  return { code: out.outputFiles[0]!.text, reached };
}

test('the check itself sees a static Node import and lets a guarded dynamic one pass', async () => {
  const { reached } = await bundle(
    { contents: "import { readFileSync } from 'node:fs'; export const f = () => readFileSync; export const g = () => import('node:path');" },
    'esm',
  );
  assert.deepEqual(reached, ['node:fs (import-statement in <stdin>)']);
});

test('no Node built-in module is statically reachable from torchlet (src/index.ts)', async () => {
  const { reached } = await bundle('index.ts', 'esm');
  assert.deepEqual(reached, [], `Node-only modules reached from src/index.ts:\n  ${reached.join('\n  ')}`);
});

test('no Node built-in module is statically reachable from torchlet/plot (src/plot/index.ts)', async () => {
  const { reached } = await bundle('plot/index.ts', 'esm');
  assert.deepEqual(reached, [], `Node-only modules reached from src/plot/index.ts:\n  ${reached.join('\n  ')}`);
});

// A context with the language's own globals plus the few web APIs a page has, and no process,
// require, Buffer or module: what the bundle meets in a browser tab.
function pageLikeContext(): Record<string, unknown> {
  return { console, URL, TextEncoder, TextDecoder, crypto: globalThis.crypto, setTimeout, clearTimeout, queueMicrotask };
}

test('the browser bundle of torchlet runs without process: tensors, autograd, modules, optimizers', async () => {
  const { code } = await bundle('index.ts', 'iife');
  const ctx = pageLikeContext();
  const result = runInNewContext(
    `${code}
    const torch = lib;
    torch.manualSeed(1);
    const net = new torch.nn.Sequential(new torch.nn.Linear(1, 3), new torch.nn.ReLU(), new torch.nn.Linear(3, 1));
    const x = torch.linspace(-1, 1, 8).unsqueeze(1);
    const opt = new torch.optim.SGD(net.parameters(), { lr: 0.1 });
    const loss = new torch.nn.MSELoss().forward(net.forward(x), x.pow(2));
    opt.zeroGrad(); loss.backward(); opt.step();
    [typeof process, String(torch.tensor([[1, 2], [3, 4]]).matmul(torch.eye(2))), Number.isFinite(loss.item())];`,
    ctx,
  ) as [string, string, boolean];
  assert.equal(result[0], 'undefined');
  assert.equal(result[1], 'tensor([[1., 2.],\n        [3., 4.]])');
  assert.equal(result[2], true);
});

test('the browser bundle of torchlet/plot draws an SVG without process, and saving a file says it needs Node', async () => {
  const { code } = await bundle('plot/index.ts', 'iife');
  const ctx = pageLikeContext();
  const [svg, saveError] = runInNewContext(
    `${code}
    const fig = lib.figure({ width: 320, height: 240 });
    fig.scatter([0, 1, 2], [1, 0, 2]).line([0, 1, 2], [0, 1, 2], { color: 'red' }).frame();
    let saveError = '';
    try { fig.save('out/a.svg'); } catch (e) { saveError = e.message; }
    [fig.toSVG(), saveError];`,
    ctx,
  ) as [string, string];
  assert.match(svg, /^<svg[^>]*width="320"/);
  assert.match(svg, /<path/);
  assert.match(saveError, /save needs Node\.js/);
});
