// torchlet as a program in the page sees it: the library itself, except that torch.save(obj, path)
// and torch.load(path) use the page's files (what the program wrote, and .pt files the user uploaded)
// instead of a disk. torch.save(obj) and torch.load(bytes) are the library's own.
import * as torch from 'torchlet';

type SaveFn = (obj: unknown, f?: unknown) => Uint8Array | void;
type LoadFn = (f: unknown, ...rest: unknown[]) => unknown;

/** The files of one run: path -> contents. */
export class PageFiles {
  readonly #files = new Map<string, Uint8Array>();

  constructor(private readonly onWrite: (path: string, bytes: Uint8Array, mime: string) => void) {}

  /** Puts a file there without reporting it as written by the program (an upload). */
  provide(path: string, bytes: Uint8Array): void {
    this.#files.set(normalize(path), bytes);
  }

  write(path: string, contents: string | Uint8Array, mime: string): void {
    const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
    this.#files.set(normalize(path), bytes);
    this.onWrite(path, bytes, mime);
  }

  read(path: string): Uint8Array {
    const bytes = this.#files.get(normalize(path));
    if (!bytes) {
      const known = [...this.#files.keys()];
      const hint = known.length ? ` (files here: ${known.join(', ')})` : ' (no files yet: save one first, or upload a .pt)';
      throw new Error(`[Errno 2] No such file or directory: '${path}'${hint}`);
    }
    return bytes;
  }
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '');
}

function libraryFn<T>(name: 'save' | 'load'): T {
  const fn = (torch as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') throw new Error(`torch.${name} is not available in this build of torchlet`);
  return fn as T;
}

/** The 'torchlet' module for a program, writing and reading `files`. */
export function pageTorch(files: PageFiles): Record<string, unknown> {
  return {
    ...torch,
    save(obj: unknown, f?: unknown): Uint8Array | void {
      const save = libraryFn<SaveFn>('save');
      if (typeof f === 'string') {
        files.write(f, save(obj) as Uint8Array, 'application/octet-stream');
        return;
      }
      return save(obj, f);
    },
    load(f: unknown, ...rest: unknown[]): unknown {
      return libraryFn<LoadFn>('load')(typeof f === 'string' ? files.read(f) : f, ...rest);
    },
  };
}
