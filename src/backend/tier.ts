// Which kernel tier runs the large products, and how many threads it may use. Exposed to users as
// torch.backends (getKernelTier / setKernelTier / availableKernelTiers) and torch.setNumThreads /
// torch.getNumThreads. The TORCHLET_KERNEL_TIER environment variable picks the starting tier.
import { nativeAddon, nativeLoadError, nodeProcess } from './native.js';
import { wasmKernels, wasmLoadError } from './gemm_wasm.js';

export type KernelTier = 'native' | 'wasm' | 'js';

const ORDER: readonly KernelTier[] = ['native', 'wasm', 'js'];

function isAvailable(t: KernelTier): boolean {
  if (t === 'js') return true;
  if (t === 'native') return nativeAddon() !== null;
  return wasmKernels() !== null;
}

/** The tiers usable in this process, fastest first; 'js' is always there. */
export function availableKernelTiers(): KernelTier[] {
  return ORDER.filter(isAvailable);
}

let current: KernelTier | undefined;

function initialTier(): KernelTier {
  const requested = nodeProcess()?.env?.TORCHLET_KERNEL_TIER;
  if (requested && (ORDER as readonly string[]).includes(requested) && isAvailable(requested as KernelTier)) {
    return requested as KernelTier;
  }
  return availableKernelTiers()[0];
}

/** The tier that runs large products now. */
export function getKernelTier(): KernelTier {
  if (current === undefined) current = initialTier();
  return current;
}

/** Chooses the tier (for tests and benchmarks); throws when it is not available here. */
export function setKernelTier(tier: KernelTier): void {
  if (!(ORDER as readonly string[]).includes(tier)) {
    throw new TypeError(`setKernelTier: expected one of ${ORDER.join(', ')}, but got ${String(tier)}`);
  }
  if (!isAvailable(tier)) {
    throw new Error(`setKernelTier: the '${tier}' kernel tier is not available here (available: ${availableKernelTiers().join(', ')})`);
  }
  current = tier;
}

let always: boolean | undefined;

/**
 * True when TORCHLET_KERNEL_DISPATCH=always: every float kernel call then runs on the current tier
 * with all its threads, whatever its size, instead of leaving small work on the cheapest path. The
 * tests set it to run the golden cases through each tier's kernels and each thread count.
 */
export function dispatchAlways(): boolean {
  if (always === undefined) always = nodeProcess()?.env?.TORCHLET_KERNEL_DISPATCH === 'always';
  return always;
}

/**
 * The dispatch rule of the elementwise kernels: n elements go to a kernel call from `min` on (below
 * it the call costs more than the loop it replaces), and any non-empty n under
 * TORCHLET_KERNEL_DISPATCH=always.
 */
export function kernelCallPays(n: number, min: number): boolean {
  return n >= min || (n > 0 && dispatchAlways());
}

/** Like PyTorch: OMP_NUM_THREADS when it is a positive integer, else the cores available. */
function defaultThreads(): number {
  const proc = nodeProcess();
  const fromEnv = Number(proc?.env?.OMP_NUM_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  if (proc && typeof proc.getBuiltinModule === 'function') {
    const os = proc.getBuiltinModule('node:os') as typeof import('node:os') | undefined;
    if (os && typeof os.availableParallelism === 'function') return Math.max(1, os.availableParallelism());
  }
  const hc = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof hc === 'number' && hc >= 1 ? hc : 1;
}

let threads: number | undefined;

/** Threads a large product may use (default: OMP_NUM_THREADS, else the cores available to the process). */
export function getNumThreads(): number {
  if (threads === undefined) threads = defaultThreads();
  return threads;
}

/** Sets the threads for large products, like torch.set_num_threads. */
export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`set_num_threads expects a positive integer, but got ${String(n)}`);
  threads = n;
}

/** What runs the kernels, for diagnostics (like torch.__config__.show()). */
export interface KernelInfo {
  tier: KernelTier;
  available: KernelTier[];
  threads: number;
  /** The native library's instruction-set variant ('avx512', 'avx2', 'generic'), or null without it. */
  nativeIsa: string | null;
  /** Why a tier is missing, when one is. */
  nativeError?: string;
  wasmError?: string;
}

export function getKernelInfo(): KernelInfo {
  const addon = nativeAddon();
  const info: KernelInfo = {
    tier: getKernelTier(),
    available: availableKernelTiers(),
    threads: getNumThreads(),
    nativeIsa: addon ? addon.isa() : null,
  };
  if (!addon) info.nativeError = nativeLoadError();
  if (!wasmKernels()) info.wasmError = wasmLoadError();
  return info;
}
