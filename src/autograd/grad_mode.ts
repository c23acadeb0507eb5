// Whether ops record the graph. A module-level flag, as PyTorch's thread-local one is per thread
// and JavaScript runs one thread per realm.

export const gradMode = { enabled: true };

export function isGradEnabled(): boolean {
  return gradMode.enabled;
}

export function setGradEnabled(enabled: boolean): void {
  gradMode.enabled = Boolean(enabled);
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError('expected a function to run');
  const prev = gradMode.enabled;
  gradMode.enabled = enabled;
  try {
    return fn();
  } finally {
    gradMode.enabled = prev;
  }
}

/** `torch.noGrad(() => ...)`: PyTorch's `with torch.no_grad():` block. Synchronous code only. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** `torch.enableGrad(() => ...)`: PyTorch's `with torch.enable_grad():` block. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

/** `torch.inferenceMode(fn)`: here the same as noGrad (there is no separate inference tensor kind). */
export function inferenceMode<T>(fn: () => T): T {
  return withGradMode(false, fn);
}
