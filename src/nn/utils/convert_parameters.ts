// nn.utils.parametersToVector / vectorToParameters: all parameters as one flat vector and back.
import { Tensor } from '../../tensor/tensor.js';
import { cat } from '../../ops/join.js';
import { noGrad } from '../../autograd/grad_mode.js';
import '../../ops/view.js';
import '../../ops/convert.js';

export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.view(-1)));
}

/** Copies consecutive slices of `vec` into the parameters (in place, outside autograd). */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typeof vec}`);
  const ps = [...parameters];
  const total = ps.reduce((n, p) => n + p.numel(), 0);
  if (vec.numel() !== total) throw new Error(`vector has ${vec.numel()} elements but the parameters have ${total}`);
  let at = 0;
  noGrad(() => {
    for (const p of ps) {
      const n = p.numel();
      p.copy_(vec.reshape([-1]).narrow(0, at, n).view(p.shape));
      at += n;
    }
  });
}
