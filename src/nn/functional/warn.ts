// Python's `warnings.warn` shows a given warning once per call site; here once per message.
const shown = new Set<string>();

export function warnOnce(message: string): void {
  if (shown.has(message)) return;
  shown.add(message);
  const proc = (globalThis as { process?: { emitWarning?: (m: string, t?: string) => void } }).process;
  if (proc?.emitWarning) proc.emitWarning(message, 'UserWarning');
  else console.warn(`UserWarning: ${message}`);
}
