// `torch.backends`: which kernel tier runs large products ('native' C micro-kernels, 'wasm' SIMD, or the
// plain 'js' reference), what is available here, and diagnostics — the counterpart of PyTorch's
// torch.backends flags for its CPU libraries.
export {
  getKernelTier, setKernelTier, availableKernelTiers, getKernelInfo, type KernelTier, type KernelInfo,
} from './backend/tier.js';
