// Hyperparameter checks with PyTorch's messages. Unlike PyTorch, NaN is rejected too: a NaN learning
// rate would silently turn every parameter into NaN.
import { pyNumberRepr, pyRepr } from './python_repr.js';

function checkNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${pyRepr(value)}`);
}

export function checkLr(lr: unknown): void {
  checkNumber(lr, 'lr');
  if (!(lr >= 0)) throw new RangeError(`Invalid learning rate: ${pyNumberRepr(lr)}`);
}

/** `prefix: value` unless value >= 0, e.g. "Invalid momentum value: -0.5". */
export function checkNonNegative(value: unknown, prefix: string): void {
  const name = prefix.replace(/^Invalid /, '').replace(/ value$/, '');
  checkNumber(value, name);
  if (!(value >= 0)) throw new RangeError(`${prefix}: ${pyNumberRepr(value)}`);
}

export function checkEps(eps: unknown): void {
  checkNonNegative(eps, 'Invalid epsilon value');
}

/** Adam's family: 0 <= beta < 1 for both coefficients. */
export function checkBetas(betas: unknown): asserts betas is [number, number] {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new TypeError(`betas must be a pair of numbers, got ${pyRepr(betas)}`);
  }
  betas.forEach((b, i) => {
    checkNumber(b, `betas[${i}]`);
    if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${pyNumberRepr(b)}`);
  });
}

/** The checks every member of Adam's family (Adam, AdamW, Adamax, NAdam, RAdam) makes, in PyTorch's order. */
export function checkAdamFamily(d: Record<string, unknown>): void {
  checkLr(d.lr);
  checkEps(d.eps);
  checkBetas(d.betas);
  checkNonNegative(d.weightDecay, 'Invalid weight_decay value');
}
