// torch.config.show(): what the process runs on, like PyTorch's torch.__config__.show(); it also
// answers in a browser-like context with no process (bundled the way a page would load it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import * as torch from '../../src/index.js';
import { availableKernelTiers, getKernelTier, getNumThreads, setKernelTier } from '../../src/backend/tier.js';
import { wasmSimdSupported } from '../../src/config.js';

test('show() names the version, Node, the kernel tier, SIMD, threads and CUDA', () => {
  const text = torch.config.show();
  const lines = text.split('\n');
  assert.equal(lines[0], 'torchlet built with:');
  assert.equal(lines.at(-1), '', 'ends with a newline, as PyTorch\'s does');
  assert.ok(lines.slice(1, -1).every((l) => l.startsWith('  - ')), text);
  assert.ok(lines.includes(`  - torchlet ${torch.version}`), text);
  assert.match(text, new RegExp(`Runtime: Node\\.js ${process.versions.node.replace(/\./g, '\\.')} \\(V8 `));
  assert.ok(text.includes(`Kernel tier in use: ${getKernelTier()} (available: ${availableKernelTiers().join(', ')})`), text);
  assert.ok(text.includes(`WebAssembly SIMD128: ${wasmSimdSupported() ? 'supported' : 'not supported'}`), text);
  assert.ok(text.includes('Threads: SharedArrayBuffer available, worker threads available'), text);
  assert.ok(text.includes(`Number of threads: ${getNumThreads()}`), text);
  assert.ok(text.includes('CUDA: not available'), text);
});

test('Node 20 validates the SIMD128 probe module', () => {
  assert.equal(wasmSimdSupported(), true);
});

test('show() follows the tier chosen at run time', () => {
  const before = getKernelTier();
  try {
    setKernelTier('js');
    assert.match(torch.config.show(), /Kernel tier in use: js \(/);
  } finally {
    setKernelTier(before);
  }
});

test('in a page without process, show() reports the browser, its cores and what it lacks', async () => {
  const out = await build({
    entryPoints: [new URL('../../src/config.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    globalName: 'config',
    target: 'es2022',
    logLevel: 'silent',
    define: { 'import.meta.url': '"https://example.test/torchlet.js"' },
  });
  const context = {
    console,
    URL,
    WebAssembly,
    TextDecoder,
    atob,
    navigator: { userAgent: 'TestBrowser/1.0', hardwareConcurrency: 8 },
    crossOriginIsolated: false,
  };
  const text = runInNewContext(`${out.outputFiles[0]!.text}\nconfig.show()`, context) as string;
  assert.match(text, /Runtime: browser \(TestBrowser\/1\.0\)/);
  assert.match(text, /Kernel tier in use: (wasm|js) \(available: (wasm, )?js\)/);
  assert.match(text, /Native kernels: not loaded/);
  assert.match(text, /WebAssembly SIMD128: supported/);
  assert.match(text, /Threads: SharedArrayBuffer unavailable, worker threads unavailable/);
  assert.match(text, /Number of threads: 8/);
});
