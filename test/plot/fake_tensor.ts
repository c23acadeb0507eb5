// A stand-in for a torchlet Tensor: plotting reads only `shape` and `toArray()`, so these tests need
// no tensor at all. A [n, 1] shape gives the column nesting a real column tensor's toArray() has.
export const tensor = (values: number[], shape: number[]) => ({
  shape,
  toArray: () => (shape.length === 2 ? values.map((v) => [v]) : values),
});
