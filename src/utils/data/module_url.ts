/**
 * URL of a sibling module, for worker threads to import. Run from source (through a TypeScript
 * loader) the siblings are `.ts` files; built, they are `.js`: the caller's own URL says which.
 */
export function siblingModuleUrl(baseName: string, callerUrl: string): string {
  const ext = /\.[cm]?ts$/.test(new URL(callerUrl).pathname) ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, callerUrl).href;
}
