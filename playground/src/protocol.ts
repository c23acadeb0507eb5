// Messages between the page and the worker that runs a program. The program runs synchronously in
// the worker, so the page stays responsive however long it trains.

/** Page -> worker. */
export type ToWorker =
  // `uploads`: the .pt files the user uploaded so far; torch.load('name.pt') reads them.
  | { type: 'run'; source: string; filename: string; uploads: { name: string; bytes: ArrayBuffer }[] }
  | { type: 'download'; model: string }
  | { type: 'upload'; name: string; bytes: ArrayBuffer; model: string | null };

/** Where a program went wrong, in its own source (1-based line and column). */
export interface ProgramError {
  kind: 'syntax' | 'runtime';
  name: string;
  message: string;
  line: number | null;
  column: number | null;
  stack: string;
}

/** Worker -> page. */
export type FromWorker =
  | { type: 'ready' }
  // `at`: ms since the program started, for the page's timeline.
  | { type: 'print'; stream: 'out' | 'err'; text: string; at: number }
  | { type: 'figure'; id: number; svg: string; frames: number; at: number }
  | { type: 'file'; path: string; bytes: Uint8Array; mime: string }
  | { type: 'models'; names: string[] }
  | { type: 'done'; ms: number }
  | { type: 'error'; error: ProgramError; ms: number }
  | { type: 'weights'; model: string; bytes: Uint8Array }
  | { type: 'uploaded'; name: string; model: string | null; message: string; ok: boolean };
