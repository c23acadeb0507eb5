// The user-facing autograd calls: `t.backward()`, `torch.autograd.grad`, `t.registerHook`.
import { Tensor } from '../tensor/tensor.js';
import { shapesEqual, formatShape } from '../tensor/shape.js';
import { runBackward, type EngineOptions } from './engine.js';
import { edgeOf } from './function.js';
import { isOptions, type Options } from '../ops/options.js';
import { allocStorage } from '../tensor/storage.js';

function rootGrad(t: Tensor, g: Tensor | null | undefined, i: number): Tensor {
  if (!t._requiresGrad) {
    throw new Error(`element ${i} of tensors does not require grad and does not have a grad_fn`);
  }
  if (g == null) {
    if (t.numel() !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
    // onesLike(t), without the option parsing of the creation function.
    const one = allocStorage(t.dtype, 1);
    one[0] = 1;
    return new Tensor(one, t._shape, t.dtype);
  }
  if (!(g instanceof Tensor)) throw new TypeError('gradient must be a Tensor');
  if (!shapesEqual(g._shape, t._shape)) {
    throw new RangeError(`Mismatch in shape: grad_output[${i}] has a shape of ${formatShape(g._shape)} and output[${i}] has a shape of ${formatShape(t._shape)}.`);
  }
  return g;
}

interface BackwardOpts {
  gradient?: Tensor;
  retainGraph?: boolean;
  createGraph?: boolean;
  inputs?: Tensor[];
}

/** `torch.autograd.backward(tensors, gradTensors?, { retainGraph, createGraph })` */
export function backward(tensors: Tensor | Tensor[], gradTensors?: Tensor | (Tensor | null)[] | null, opts: BackwardOpts = {}): void {
  const ts = Array.isArray(tensors) ? tensors : [tensors];
  const gs = gradTensors == null ? [] : Array.isArray(gradTensors) ? gradTensors : [gradTensors];
  const roots = ts.map((t) => edgeOf(t));
  const grads = ts.map((t, i) => rootGrad(t, gs[i], i));
  const createGraph = opts.createGraph ?? false;
  if (opts.inputs) {
    // Only the listed inputs accumulate: run as a capture and add into their .grad.
    const res = runBackward(roots, grads, { retainGraph: opts.retainGraph ?? createGraph, createGraph, capture: opts.inputs.map((t) => edgeOf(t)) });
    opts.inputs.forEach((t, i) => {
      const g = res[i];
      if (g) t.grad = t.grad === null ? g.detach().clone() : t.grad.add(g);
    });
    return;
  }
  runBackward(roots, grads, { retainGraph: opts.retainGraph ?? createGraph, createGraph, capture: null });
}

/** `torch.autograd.grad(outputs, inputs, gradOutputs?, { retainGraph, createGraph, allowUnused })` */
export function grad(
  outputs: Tensor | Tensor[],
  inputs: Tensor | Tensor[],
  gradOutputs?: Tensor | (Tensor | null)[] | null | Options,
  opts: Options = {},
): Tensor[] {
  if (isOptions(gradOutputs)) {
    opts = gradOutputs;
    gradOutputs = (opts.gradOutputs as Tensor | Tensor[] | undefined) ?? null;
  }
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const gs = gradOutputs == null ? [] : Array.isArray(gradOutputs) ? gradOutputs : [gradOutputs as Tensor];
  ins.forEach((t, i) => {
    if (!t._requiresGrad) throw new Error(`One of the differentiated Tensors (input ${i}) does not require grad`);
  });
  const createGraph = Boolean(opts.createGraph);
  const retainGraph = (opts.retainGraph as boolean | undefined) ?? createGraph;
  const res = runBackward(
    outs.map((t) => edgeOf(t)),
    outs.map((t, i) => rootGrad(t, gs[i], i)),
    { retainGraph, createGraph, capture: ins.map((t) => edgeOf(t)) },
  );
  return res.map((g, i) => {
    if (g === null) {
      if (!opts.allowUnused) {
        throw new Error('One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.');
      }
      return null as unknown as Tensor;
    }
    return createGraph ? g : g.detach();
  });
}

declare module '../tensor/tensor.js' {
  interface Tensor {
    backward(gradient?: Tensor | BackwardOpts | null, opts?: BackwardOpts): void;
    registerHook(hook: (grad: Tensor) => Tensor | void): { remove(): void };
  }
}

/** `loss.backward()` with no arguments: the call every training step makes, without the argument sorting. */
const PLAIN_RUN: EngineOptions = { retainGraph: false, createGraph: false, capture: null };

Tensor.prototype.backward = function (this: Tensor, gradient?: Tensor | BackwardOpts | null, opts?: BackwardOpts): void {
  if (gradient === undefined && opts === undefined) {
    runBackward([edgeOf(this)], [rootGrad(this, null, 0)], PLAIN_RUN);
    return;
  }
  if (isOptions(gradient)) {
    opts = gradient as BackwardOpts;
    gradient = opts.gradient ?? null;
  }
  backward(this, (gradient as Tensor | null | undefined) ?? null, opts ?? {});
};

Tensor.prototype.registerHook = function (this: Tensor, hook) {
  if (!this._requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
  const list = this.gradFn !== null ? (this.gradFn.hooks ??= []) : (this._hooks ??= []);
  list.push(hook);
  return { remove: () => { const i = list.indexOf(hook); if (i >= 0) list.splice(i, 1); } };
};

