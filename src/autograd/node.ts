// A node of the autograd graph: the backward of one op, with edges to the nodes (or leaf tensors)
// that produced its inputs. Every op output has its own node, so "the gradient of a tensor" and
// "the gradient arriving at its node" are the same thing.
import { versionOf, type Tensor } from '../tensor/tensor.js';
import type { DType } from '../tensor/dtype.js';

/** An edge: the producing node, a leaf that accumulates into `.grad`, or nothing (no grad needed). */
export type Edge = Node | Tensor | null;

export type BackwardFn = (grad: Tensor) => (Tensor | null | undefined)[];

export class Node {
  /** PyTorch's class name for this backward, e.g. `AddBackward0`, shown in `grad_fn=<...>`. */
  readonly name: string;
  readonly next: Edge[];
  backwardFn: BackwardFn | null;
  /** Tensors the backward reads (checked against in-place changes before the backward runs). */
  readonly saved: Tensor[] | null;
  /**
   * Per saved tensor, interleaved in one array: the version it had when saved, then the node that had
   * made it (named in the in-place error message).
   */
  readonly savedState: (number | Node | null)[] | null;
  /** Set once a backward without retainGraph has run through a node that saved tensors. */
  freed = false;
  /** Non-leaf tensors with retainGrad() that this node produced. */
  retained: Tensor | null = null;
  /** Hooks registered on the output tensor (`t.registerHook`). */
  hooks: ((grad: Tensor) => Tensor | void)[] | null = null;
  /** The dtype of the tensor this node produced: gradients arriving here are cast to it, as in PyTorch. */
  dtype: DType | null = null;
  /**
   * The engine's bookkeeping during one backward run (valid while `_run` is that run's number):
   * gradients still to arrive from other nodes, and the gradient summed so far. Kept on the node
   * rather than in Maps, which cost more than small graphs' whole backward.
   */
  _run = 0;
  _deps = 0;
  _grad: Tensor | undefined = undefined;

  constructor(
    name: string, next: Edge[], backwardFn: BackwardFn, saved: Tensor[] | null,
    savedState?: (number | Node | null)[] | null,
  ) {
    this.name = name;
    this.next = next;
    this.backwardFn = backwardFn;
    this.saved = saved;
    if (savedState !== undefined) this.savedState = savedState;
    else if (saved !== null) {
      const state = new Array<number | Node | null>(2 * saved.length);
      for (let i = 0; i < saved.length; i++) {
        state[2 * i] = versionOf(saved[i]);
        state[2 * i + 1] = saved[i].gradFn;
      }
      this.savedState = state;
    } else this.savedState = null;
  }

  /** PyTorch's `next_functions`: pairs of (node or AccumulateGrad, 0). */
  get nextFunctions(): [Node | AccumulateGradRef | null, number][] {
    return this.next.map((e) => {
      if (e === null) return [null, 0];
      if (e instanceof Node) return [e, 0];
      return [new AccumulateGradRef(e), 0];
    });
  }

  toString(): string {
    return `<${this.name}>`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** What `next_functions` shows for a leaf: PyTorch's AccumulateGrad node, holding the leaf as `.variable`. */
export class AccumulateGradRef {
  readonly name = 'AccumulateGrad';
  constructor(readonly variable: Tensor) {}
  toString(): string {
    return '<AccumulateGrad>';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
