// PyTorch warns (once per place) about misuse that still works, e.g. stepping a scheduler before its
// optimizer. The same message is shown once per process here.
const shown = new Set<string>();

export function warnOnce(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  const proc = (globalThis as { process?: { emitWarning?: (m: string, type?: string) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}
