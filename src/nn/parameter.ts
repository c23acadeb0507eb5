// nn.Parameter: PyTorch makes it a Tensor subclass whose only difference is being picked up by
// Module when assigned as an attribute. Here it is a plain Tensor flagged `_isParameter`, so every
// Tensor method and every op works on it unchanged; `instanceof nn.Parameter` checks the flag.
import { Tensor } from '../tensor/tensor.js';
import { float32 } from '../tensor/dtype.js';

export interface ParameterConstructor {
  /** A leaf sharing `data`'s storage, with `requiresGrad` set (default true). */
  new (data?: Tensor, requiresGrad?: boolean): Tensor;
  [Symbol.hasInstance](value: unknown): boolean;
}

/** Wraps `data` as a parameter without copying it (PyTorch's `Parameter(data)` shares storage too). */
export function makeParameter(data?: Tensor | null, requiresGrad = true): Tensor {
  let base: Tensor;
  if (data === undefined || data === null) base = new Tensor(new Float32Array(0), [0], float32);
  else if (data instanceof Tensor) base = data.detach();
  else throw new TypeError(`Parameter(): data must be a Tensor, got ${describeValue(data)}`);
  base._isParameter = true;
  base.requiresGrad_(Boolean(requiresGrad));
  return base;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

class ParameterFactory {
  constructor(data?: Tensor, requiresGrad = true) {
    // A constructor may hand back another object: `new Parameter(t)` is the flagged Tensor itself.
    return makeParameter(data, requiresGrad) as unknown as ParameterFactory;
  }
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Tensor && value._isParameter;
  }
}

export const Parameter = ParameterFactory as unknown as ParameterConstructor;
/** The type of a parameter: a Tensor (flagged). */
export type Parameter = Tensor;

export function isParameter(v: unknown): v is Tensor {
  return v instanceof Tensor && v._isParameter;
}
