// `torch.config.show()`, torchlet's `torch.__config__.show()`: what this process runs on and with, as
// one string for bug reports. Browser-safe: Node is reached through globalThis.process, never imported.
import { version } from './version.js';
import { availableKernelTiers, getKernelTier, getNumThreads } from './backend/tier.js';
import { nativeAddon, nativeLoadError, nodeProcess } from './backend/native.js';
import { wasmLoadError } from './backend/gemm_wasm.js';

/**
 * The smallest module that needs SIMD128: one function returning a v128 constant. A runtime that
 * validates it can run the WebAssembly SIMD kernels.
 */
function simdProbe(): Uint8Array<ArrayBuffer> {
  const body = [0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b]; // no locals; v128.const 0; end
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: one type, () -> v128
    0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
    0x0a, body.length + 2, 0x01, body.length, ...body, // code section: its body
  ]);
}

/** Whether this runtime's WebAssembly has the SIMD128 instructions. */
export function wasmSimdSupported(): boolean {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  if (!wasm || typeof wasm.validate !== 'function') return false;
  try {
    return wasm.validate(simdProbe());
  } catch {
    return false;
  }
}

/** Whether memory can be shared between threads (in browsers only on cross-origin isolated pages). */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

/** Whether this runtime can start worker threads (Node's worker_threads, or Web Workers). */
export function workersAvailable(): boolean {
  const proc = nodeProcess();
  if (proc && typeof proc.getBuiltinModule === 'function') {
    try {
      return typeof (proc.getBuiltinModule('node:worker_threads') as { Worker?: unknown })?.Worker === 'function';
    } catch {
      return false;
    }
  }
  return typeof (globalThis as { Worker?: unknown }).Worker === 'function';
}

function runtime(): string {
  const proc = nodeProcess() as { versions?: Record<string, string | undefined>; platform?: string; arch?: string } | undefined;
  if (proc?.versions?.node) {
    return `Node.js ${proc.versions.node} (V8 ${proc.versions.v8 ?? 'unknown'}, ${proc.platform ?? '?'}-${proc.arch ?? '?'})`;
  }
  const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
  return nav?.userAgent ? `browser (${nav.userAgent})` : 'unknown JavaScript runtime';
}

const yesNo = (b: boolean, yes: string, no: string) => (b ? yes : no);

/** A description of the build and the runtime, like PyTorch's `torch.__config__.show()`. */
export function show(): string {
  const tier = getKernelTier();
  const tiers = availableKernelTiers();
  const lines = [
    `torchlet ${version}`,
    `Runtime: ${runtime()}`,
    `Kernel tier in use: ${tier} (available: ${tiers.join(', ')})`,
  ];
  const addon = tiers.includes('native') ? nativeAddon() : null;
  if (addon) lines.push(`Native kernels: CPU capability usage: ${addon.isa().toUpperCase()} (this CPU runs: ${addon.isas().join(', ')})`);
  else lines.push(`Native kernels: not loaded${nativeLoadError() ? ` (${nativeLoadError()})` : ''}`);
  const simd = wasmSimdSupported();
  lines.push(`WebAssembly SIMD128: ${yesNo(simd, 'supported', 'not supported')}${!tiers.includes('wasm') && wasmLoadError() ? ` (kernels not loaded: ${wasmLoadError()})` : ''}`);
  lines.push(
    `Threads: SharedArrayBuffer ${yesNo(sharedMemoryAvailable(), 'available', 'unavailable')}, ` +
      `worker threads ${yesNo(workersAvailable(), 'available', 'unavailable')}`,
  );
  lines.push(`Number of threads: ${getNumThreads()}`);
  lines.push('CUDA: not available (torch.cuda.isAvailable() is false)');
  return `torchlet built with:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`;
}
