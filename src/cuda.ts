// `torch.cuda`: there is no GPU backend; these answer as PyTorch does on a machine without CUDA, so
// code written for both (`device = torch.cuda.isAvailable() ? 'cuda' : 'cpu'`) runs unchanged.

export function isAvailable(): boolean {
  return false;
}

export function deviceCount(): number {
  return 0;
}

export function manualSeed(_seed: number | bigint): void {
  // PyTorch silently ignores CUDA seeding when CUDA is absent.
}

export function manualSeedAll(_seed: number | bigint): void {}
