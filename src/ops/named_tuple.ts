// PyTorch returns named tuples (`values, indices = x.max(1)`, `.values`); here an array that also
// carries the names as properties, so both destructuring and `.values` work.

export type NamedTuple<T extends unknown[], N extends string> = T & Record<N, T[number]>;

export function namedTuple<T extends unknown[], N extends string>(items: T, names: N[]): NamedTuple<T, N> {
  const out = items.slice() as unknown as Record<string, unknown>;
  names.forEach((n, i) => Object.defineProperty(out, n, { value: items[i], enumerable: false }));
  return out as unknown as NamedTuple<T, N>;
}
