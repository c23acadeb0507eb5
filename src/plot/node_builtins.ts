// Node's file and module helpers, reached at call time through process.getBuiltinModule rather than
// imported, so that torchlet/plot also loads in a browser (where drawing works and only writing files
// does not).

interface NodeProcessLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/** A Node built-in module, or an Error saying why `what` cannot be done here. */
export function nodeBuiltin<T>(id: string, what: string): T {
  const p = (globalThis as { process?: NodeProcessLike }).process;
  if (!p?.versions?.node) {
    throw new Error(`${what} needs Node.js (it writes files); in a browser use fig.toSVG() and show or download the SVG`);
  }
  if (typeof p.getBuiltinModule !== 'function') {
    throw new Error(`${what} needs Node.js 20.16 or later (process.getBuiltinModule), but this is Node ${p.versions.node}`);
  }
  return p.getBuiltinModule(id) as T;
}
