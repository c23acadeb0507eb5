// The native elementwise kernels and the instruction-set variants this CPU can run, for the tests
// that compare every variant with the TypeScript loops (null / [] where the library is not built).
import { availableKernelTiers } from '../../src/backend/tier.js';
import { nativeElementwiseKernels, type ElementwiseKernels } from '../../src/backend/elementwise_native.js';

export const kernels: ElementwiseKernels | null = availableKernelTiers().includes('native') ? nativeElementwiseKernels() : null;
export const skip = kernels === null ? 'the native library (with its elementwise kernels) is not built here' : false;
export const ISAS: string[] = kernels === null ? [] : ['generic', 'avx2'].filter((name) => {
  const ok = kernels.setElementwiseIsa(name);
  kernels.setElementwiseIsa('best');
  return ok;
});
