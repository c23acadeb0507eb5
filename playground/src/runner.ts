// Runs programs in workers. Each run gets a fresh worker (the program's seeds and globals start
// clean), and one is kept started in advance so Run does not wait for the library to load. The
// finished run's worker lives on until the next run: it holds the program's models.
import type { FromWorker, ToWorker } from './protocol.js';

function spawn(): Worker {
  return new Worker(new URL('./worker/worker.ts', import.meta.url), { type: 'module', name: 'torchlet program' });
}

export class Runner {
  #spare: Worker | null = null;
  #current: Worker | null = null;

  constructor(
    private readonly onMessage: (msg: FromWorker) => void,
    private readonly onCrash: (message: string) => void,
  ) {}

  /** Starts the next run's worker now, while nothing runs. */
  warm(): void {
    this.#spare ??= spawn();
  }

  run(source: string, filename: string, uploads: { name: string; bytes: ArrayBuffer }[] = []): void {
    this.stop();
    const w = this.#spare ?? spawn();
    this.#spare = null;
    this.#current = w;
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      if (this.#current === w) this.onMessage(e.data);
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (this.#current === w) this.onCrash(e.message || 'the program\'s worker failed to start');
    };
    w.postMessage({ type: 'run', source, filename, uploads } satisfies ToWorker);
  }

  /** Ends the current run at once, wherever it is (a loop that never ends included). */
  stop(): void {
    this.#current?.terminate();
    this.#current = null;
  }

  send(msg: ToWorker, transfer: Transferable[] = []): boolean {
    if (!this.#current) return false;
    this.#current.postMessage(msg, transfer);
    return true;
  }
}
