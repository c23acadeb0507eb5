// Loads the optional native kernel library (native/, built by scripts/build-native.mjs at install).
// Only Node can load it; elsewhere, or when the build was skipped or failed, the loader answers null
// and the kernels fall back to the portable tiers. No Node module is imported statically, so this
// file also loads in a browser.

/** The addon's functions (native/addon.c). Operands are read in place, never copied. */
export interface NativeAddon {
  gemm(
    batch: number, M: number, K: number, N: number,
    aData: Float32Array | Float64Array, aOffset: number, aBatchStride: number, aRowStride: number, aColStride: number,
    bData: Float32Array | Float64Array, bOffset: number, bBatchStride: number, bRowStride: number, bColStride: number,
    c: Float32Array | Float64Array, threads: number,
  ): void;
  /** The instruction-set variant in use: 'avx512' | 'avx2' | 'generic' (or a test-only one). */
  isa(): string;
  /** The variants this CPU can run. */
  isas(): string[];
  /** Test-only variants this CPU can run: 'wide-avx2' has the AVX-512 tiles, compiled for AVX2. */
  testIsas(): string[];
  /** Selects a variant ('best' for the automatic choice); false when this CPU cannot run it. */
  setIsa(name: string): boolean;
}

interface NodeProcessLike {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

/** Node's process object when running under Node, else undefined. */
export function nodeProcess(): NodeProcessLike | undefined {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  return p?.versions?.node ? p : undefined;
}

/** Where the build script writes the addon: native/build/ in the package (same from src/ and dist/). */
const DEFAULT_ADDON_URL = new URL('../../native/build/torchlet_native.node', import.meta.url);

let addon: NativeAddon | null | undefined;
let loadError: string | undefined;

/** The addon, loaded on first use; null when unavailable (see nativeLoadError()). */
export function nativeAddon(): NativeAddon | null {
  if (addon !== undefined) return addon;
  addon = null;
  const proc = nodeProcess();
  if (!proc || typeof proc.getBuiltinModule !== 'function') {
    loadError = 'not running under a Node.js with process.getBuiltinModule';
    return addon;
  }
  try {
    const { createRequire } = proc.getBuiltinModule('node:module') as typeof import('node:module');
    const { fileURLToPath } = proc.getBuiltinModule('node:url') as typeof import('node:url');
    const override = proc.env?.TORCHLET_NATIVE_PATH;
    if (DEFAULT_ADDON_URL.protocol !== 'file:' && !override) {
      loadError = 'the package was not loaded from files';
      return addon;
    }
    const path = override || fileURLToPath(DEFAULT_ADDON_URL);
    const loaded = createRequire(import.meta.url)(path) as NativeAddon;
    if (typeof loaded?.gemm !== 'function') throw new Error(`${path} is not torchlet's native library`);
    addon = loaded;
  } catch (e) {
    loadError = (e as Error).message.split('\n')[0];
  }
  return addon;
}

/** Why the native library did not load (undefined when it did or was not tried yet). */
export function nativeLoadError(): string | undefined {
  return loadError;
}

/**
 * The addon seen as the kernel family `T` when it has every one of `names` as a function, else null
 * (no addon, or one built before that family existed): each family's callers then keep their
 * TypeScript loops.
 */
export function nativeKernels<T extends object>(names: readonly (keyof T & string)[]): T | null {
  const addon = nativeAddon() as Partial<Record<string, unknown>> | null;
  return addon !== null && names.every((name) => typeof addon[name] === 'function') ? (addon as unknown as T) : null;
}
