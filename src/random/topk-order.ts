/**
 * The order in which PyTorch's CPU `topk(largest=True, sorted=True)` returns a row, ties
 * included. multinomial without replacement takes its samples from that topk, so when several
 * scores tie (categories of probability zero), which index comes first is decided by the
 * C++ standard library PyTorch was built with (GCC's libstdc++): `partial_sort` when
 * k * 64 <= n, otherwise `nth_element` at k - 1 followed by `sort` of the first k - 1.
 * The routines below reproduce those algorithms' steps (introselect/introsort with
 * median-of-three pivots, insertion-sort finishing, binary heaps) on parallel arrays of scores
 * and indices, ordering by "a before b" = (a is NaN and b is not) or a > b.
 */

let vals: Float64Array = new Float64Array(0);
let idxs: Float64Array = new Float64Array(0);

function before(a: number, b: number): boolean {
  return a > b || (a !== a && b === b);
}

function lessAt(i: number, j: number): boolean {
  return before(vals[i]!, vals[j]!);
}

function swapAt(i: number, j: number): void {
  const v = vals[i]!;
  vals[i] = vals[j]!;
  vals[j] = v;
  const x = idxs[i]!;
  idxs[i] = idxs[j]!;
  idxs[j] = x;
}

function moveAt(to: number, from: number): void {
  vals[to] = vals[from]!;
  idxs[to] = idxs[from]!;
}

function floorLog2(n: number): number {
  return 31 - Math.clz32(n);
}

// ---- heaps ------------------------------------------------------------------------------

function pushHeap(first: number, hole: number, top: number, v: number, x: number): void {
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && before(vals[first + parent]!, v)) {
    moveAt(first + hole, first + parent);
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  vals[first + hole] = v;
  idxs[first + hole] = x;
}

function adjustHeap(first: number, hole: number, len: number, v: number, x: number): void {
  const top = hole;
  let child = hole;
  while (child < Math.floor((len - 1) / 2)) {
    child = 2 * (child + 1);
    if (lessAt(first + child, first + child - 1)) child--;
    moveAt(first + hole, first + child);
    hole = child;
  }
  if ((len & 1) === 0 && child === Math.floor((len - 2) / 2)) {
    child = 2 * (child + 1);
    moveAt(first + hole, first + child - 1);
    hole = child - 1;
  }
  pushHeap(first, hole, top, v, x);
}

function popHeap(first: number, last: number, result: number): void {
  const v = vals[result]!;
  const x = idxs[result]!;
  moveAt(result, first);
  adjustHeap(first, 0, last - first, v, x);
}

function makeHeap(first: number, last: number): void {
  const len = last - first;
  if (len < 2) return;
  for (let parent = Math.floor((len - 2) / 2); ; parent--) {
    adjustHeap(first, parent, len, vals[first + parent]!, idxs[first + parent]!);
    if (parent === 0) return;
  }
}

function sortHeap(first: number, last: number): void {
  while (last - first > 1) {
    last--;
    popHeap(first, last, last);
  }
}

function heapSelect(first: number, middle: number, last: number): void {
  makeHeap(first, middle);
  for (let i = middle; i < last; i++) {
    if (lessAt(i, first)) popHeap(first, middle, i);
  }
}

function partialSort(first: number, middle: number, last: number): void {
  heapSelect(first, middle, last);
  sortHeap(first, middle);
}

// ---- quicksort pieces -------------------------------------------------------------------

const THRESHOLD = 16;

function moveMedianToFirst(result: number, a: number, b: number, c: number): void {
  if (lessAt(a, b)) {
    if (lessAt(b, c)) swapAt(result, b);
    else if (lessAt(a, c)) swapAt(result, c);
    else swapAt(result, a);
  } else if (lessAt(a, c)) swapAt(result, a);
  else if (lessAt(b, c)) swapAt(result, c);
  else swapAt(result, b);
}

function unguardedPartition(first: number, last: number, pivot: number): number {
  for (;;) {
    while (lessAt(first, pivot)) first++;
    last--;
    while (lessAt(pivot, last)) last--;
    if (!(first < last)) return first;
    swapAt(first, last);
    first++;
  }
}

function unguardedPartitionPivot(first: number, last: number): number {
  const mid = first + Math.floor((last - first) / 2);
  moveMedianToFirst(first, first + 1, mid, last - 1);
  return unguardedPartition(first + 1, last, first);
}

function unguardedLinearInsert(last: number): void {
  const v = vals[last]!;
  const x = idxs[last]!;
  let next = last - 1;
  while (before(v, vals[next]!)) {
    moveAt(last, next);
    last = next;
    next--;
  }
  vals[last] = v;
  idxs[last] = x;
}

function insertionSort(first: number, last: number): void {
  if (first === last) return;
  for (let i = first + 1; i !== last; i++) {
    if (lessAt(i, first)) {
      const v = vals[i]!;
      const x = idxs[i]!;
      for (let k = i; k > first; k--) moveAt(k, k - 1);
      vals[first] = v;
      idxs[first] = x;
    } else {
      unguardedLinearInsert(i);
    }
  }
}

function finalInsertionSort(first: number, last: number): void {
  if (last - first > THRESHOLD) {
    insertionSort(first, first + THRESHOLD);
    for (let i = first + THRESHOLD; i !== last; i++) unguardedLinearInsert(i);
  } else {
    insertionSort(first, last);
  }
}

function introsortLoop(first: number, last: number, depth: number): void {
  while (last - first > THRESHOLD) {
    if (depth === 0) {
      partialSort(first, last, last);
      return;
    }
    depth--;
    const cut = unguardedPartitionPivot(first, last);
    introsortLoop(cut, last, depth);
    last = cut;
  }
}

function sortRange(first: number, last: number): void {
  if (first === last) return;
  introsortLoop(first, last, floorLog2(last - first) * 2);
  finalInsertionSort(first, last);
}

function nthElement(first: number, nth: number, last: number): void {
  if (first === last || nth === last) return;
  let depth = floorLog2(last - first) * 2;
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(first, nth + 1, last);
      swapAt(first, nth);
      return;
    }
    depth--;
    const cut = unguardedPartitionPivot(first, last);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(first, last);
}

/**
 * Writes into `outIndices[outOffset .. outOffset+k-1]` the indices PyTorch's topk(row, k)
 * returns (largest first). `scores` holds the row; `work` arrays must have room for it.
 */
export function topkIndices(
  scores: ArrayLike<number>,
  k: number,
  outIndices: Float64Array,
  outOffset: number,
  workVals: Float64Array,
  workIdxs: Float64Array,
): void {
  const n = scores.length;
  if (k === 0) return;
  vals = workVals;
  idxs = workIdxs;
  for (let j = 0; j < n; j++) {
    vals[j] = scores[j]!;
    idxs[j] = j;
  }
  if (k * 64 <= n) {
    partialSort(0, k, n);
  } else {
    nthElement(0, k - 1, n);
    sortRange(0, k - 1);
  }
  for (let j = 0; j < k; j++) outIndices[outOffset + j] = idxs[j]!;
}
