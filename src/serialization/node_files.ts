/**
 * Files for torch.save / torch.load under Node. `node:fs` is reached through
 * process.getBuiltinModule at call time, so the serialization layer still loads in a browser,
 * where save() returns bytes and load() takes them.
 */
import { SerializationError } from './errors.js';

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');
type Url = typeof import('node:url');

interface NodeProcess {
  pid?: number;
  getBuiltinModule?: (id: string) => unknown;
}

function builtin<T>(id: string, why: string): T {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const mod = proc && typeof proc.getBuiltinModule === 'function' ? proc.getBuiltinModule(id) : undefined;
  if (!mod) {
    throw new SerializationError(`${why} needs Node.js (${id}); in a browser, save() without a path returns the bytes and load() accepts bytes`);
  }
  return mod as T;
}

/** A string path, or a file: URL as a path. */
export function pathOf(f: string | URL, what: string): string {
  if (typeof f === 'string') {
    if (f === '') throw new TypeError(`${what}: the path is empty`);
    return f;
  }
  if (f instanceof URL) return builtin<Url>('node:url', what).fileURLToPath(f);
  throw new TypeError(`${what}: expected a path (string or file URL), got ${f === null ? 'null' : typeof f}`);
}

/** The whole file, in a buffer nobody else holds. */
export function readFileBytes(path: string, what: string): Uint8Array {
  const fs = builtin<Fs>('node:fs', what);
  const buf = fs.readFileSync(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** 1 GiB per write call: Node refuses single writes of 2 GiB and more. */
const WRITE_CHUNK = 1 << 30;
/** Small pieces (zip headers) are gathered up to this size before a write call. */
const GATHER = 1 << 16;

/** Produces a file's content by handing its pieces, in order, to `sink`. */
export type FileContent = Uint8Array | ((sink: (chunk: Uint8Array) => void) => void);

function writeAll(fs: Fs, fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    at += fs.writeSync(fd, bytes, at, Math.min(WRITE_CHUNK, bytes.length - at));
  }
}

/** Writes the pieces to `fd`, gathering small ones and passing large ones (tensor storages) straight through. */
function writeContent(fs: Fs, fd: number, content: FileContent): void {
  if (content instanceof Uint8Array) return writeAll(fs, fd, content);
  const pending = new Uint8Array(GATHER);
  let used = 0;
  const flush = (): void => {
    if (used > 0) writeAll(fs, fd, pending.subarray(0, used));
    used = 0;
  };
  content((chunk) => {
    if (chunk.length > GATHER - used) {
      flush();
      if (chunk.length >= GATHER) return writeAll(fs, fd, chunk);
    }
    pending.set(chunk, used);
    used += chunk.length;
  });
  flush();
}

/**
 * Writes `content` to `path` so that a crash never leaves a partial file there: a temporary file
 * in the same folder is written and flushed to disk, then renamed over `path` (atomic on POSIX and
 * NTFS). Missing parent folders are created.
 */
export function writeFileAtomic(path: string, content: FileContent, what: string): void {
  const fs = builtin<Fs>('node:fs', what);
  const p = builtin<Path>('node:path', what);
  const target = p.resolve(path);
  const dir = p.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const pid = (globalThis as { process?: NodeProcess }).process?.pid ?? 0;
  const nonce = Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  const tmp = p.join(dir, `.${p.basename(target)}.${pid}.${nonce}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o666);
  let renamed = false;
  try {
    try {
      writeContent(fs, fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // The temporary file is already gone; the original error is what matters.
      }
    }
  }
  syncDirectory(fs, dir);
}

/** Makes the rename itself durable; not every platform can open a folder, which is harmless. */
function syncDirectory(fs: Fs, dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
