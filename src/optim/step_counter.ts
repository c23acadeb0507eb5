// Since PyTorch 1.12 most optimizers keep `step` as a float32 0-d tensor; state saved by older
// versions has a plain number there, which loading converts (as PyTorch's __setstate__ does).
import { Tensor } from '../tensor/tensor.js';
import type { ParamState } from './optimizer.js';
import { commitValues, scalarTensor, writableValues } from './tensor_access.js';

export function stepCounterToTensor(state: ParamState, key = 'step'): void {
  const v = state[key];
  if (typeof v === 'number' || typeof v === 'bigint') state[key] = scalarTensor(Number(v));
  else if (typeof v === 'boolean') state[key] = scalarTensor(v ? 1 : 0);
  else if (v !== undefined && !(v instanceof Tensor)) throw new TypeError(`state '${key}' must be a number or a tensor`);
}

/**
 * PyTorch's `state_steps[i] += 1` on the step tensor, in place (so a state dict taken earlier sees
 * it, as in PyTorch); returns the new count, which the bias corrections and schedules are computed from.
 */
export function advanceStepCounter(state: ParamState): number {
  const stepT = state.step as Tensor;
  const stepData = writableValues(stepT);
  stepData[0] = stepData[0] + 1;
  commitValues(stepT, stepData);
  return stepData[0];
}
