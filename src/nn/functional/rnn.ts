// The recurrent layers' computation, composed from differentiable ops: the input projection of
// all time steps is one matrix product per layer and direction, then each step adds the hidden
// projection and applies the gates (LSTM: i, f, g, o; GRU: r, z, n; as PyTorch orders them).
import { Tensor } from '../../tensor/tensor.js';
import { stack, cat } from '../../ops/join.js';
import '../../ops/view.js';
import '../../ops/binary.js';
import '../../ops/unary.js';
import { linear } from './linear.js';
import { dropout } from './dropout.js';

export type RnnMode = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** The weights of one layer and direction: w_ih, w_hh, then the biases when present. */
export interface RnnCellWeights {
  wIh: Tensor;
  wHh: Tensor;
  bIh: Tensor | null;
  bHh: Tensor | null;
}

/** One time step of a cell. `xProj` is this step's input projection (with b_ih). */
function step(mode: RnnMode, xProj: Tensor, h: Tensor, c: Tensor | null, w: RnnCellWeights): [Tensor, Tensor | null] {
  const hProj = linear(h, w.wHh, w.bHh);
  if (mode === 'LSTM') {
    const [i, f, g, o] = xProj.add(hProj).chunk(4, 1);
    const cNext = f.sigmoid().mul(c!).add(i.sigmoid().mul(g.tanh()));
    return [o.sigmoid().mul(cNext.tanh()), cNext];
  }
  if (mode === 'GRU') {
    const [rx, zx, nx] = xProj.chunk(3, 1);
    const [rh, zh, nh] = hProj.chunk(3, 1);
    const r = rx.add(rh).sigmoid();
    const z = zx.add(zh).sigmoid();
    const n = nx.add(r.mul(nh)).tanh();
    return [n.add(z.mul(h.sub(n))), null];
  }
  const pre = xProj.add(hProj);
  return [mode === 'RNN_TANH' ? pre.tanh() : pre.relu(), null];
}

/** Runs one layer in one direction over a time-major [L, N, In] input. */
function runDirection(
  mode: RnnMode, input: Tensor, h0: Tensor, c0: Tensor | null, w: RnnCellWeights, reverse: boolean,
): { out: Tensor; h: Tensor; c: Tensor | null } {
  const L = input._shape[0];
  const proj = linear(input, w.wIh, w.bIh);
  let h = h0;
  let c = c0;
  const outs = new Array<Tensor>(L);
  for (let k = 0; k < L; k++) {
    const t = reverse ? L - 1 - k : k;
    [h, c] = step(mode, proj.select(0, t), h, c, w);
    outs[t] = h;
  }
  return { out: stack(outs, 0), h, c };
}

/**
 * The full multi-layer (optionally bidirectional) recurrence over a time-major [L, N, In] input.
 * `weights[layer * D + direction]`; h0/c0 are [numLayers·D, N, H]. Dropout applies to every
 * layer's output but the last, in training.
 */
export function rnnForward(
  mode: RnnMode, input: Tensor, h0: Tensor, c0: Tensor | null, weights: RnnCellWeights[], numLayers: number,
  bidirectional: boolean, dropoutP: number, training: boolean,
): { output: Tensor; hN: Tensor; cN: Tensor | null } {
  const D = bidirectional ? 2 : 1;
  let layerInput = input;
  const hs: Tensor[] = [];
  const cs: Tensor[] = [];
  for (let layer = 0; layer < numLayers; layer++) {
    const outs: Tensor[] = [];
    for (let dir = 0; dir < D; dir++) {
      const idx = layer * D + dir;
      const r = runDirection(mode, layerInput, h0.select(0, idx), c0 ? c0.select(0, idx) : null, weights[idx], dir === 1);
      outs.push(r.out);
      hs.push(r.h);
      if (r.c) cs.push(r.c);
    }
    layerInput = D === 1 ? outs[0] : cat(outs, 2);
    if (dropoutP > 0 && training && layer < numLayers - 1) layerInput = dropout(layerInput, dropoutP, true);
  }
  return { output: layerInput, hN: stack(hs, 0), cN: c0 ? stack(cs, 0) : null };
}
