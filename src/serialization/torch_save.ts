/**
 * torch.save: torchlet values -> a torch.save file (PyTorch 1.13.1's zip format), which Python's
 * torch.load reads. Given a path (Node), the file is replaced atomically; without one, the bytes
 * are returned (browsers, or to send somewhere).
 */
import { Encoder } from './encode.js';
import { archiveNameForPath, writePt, writePtTo } from './pt_format.js';
import { pathOf, writeFileAtomic } from './node_files.js';

/** The archive name torch.save derives from a path; a name Python could not have made falls back to 'archive'. */
function archiveNameFor(path: string): string {
  const name = archiveNameForPath(path);
  return name === '' || name.includes('/') ? 'archive' : name;
}

/**
 * `torch.save(obj, 'model.pt')` writes the file; `torch.save(obj)` returns its bytes.
 * `obj` may be a tensor, a module (whole), a state dict, an optimizer state dict, or any nesting of
 * plain objects, arrays, Maps, numbers, strings, booleans and null.
 */
export function save(obj: unknown): Uint8Array;
export function save(obj: unknown, f: string | URL): void;
export function save(obj: unknown, f?: string | URL | null): Uint8Array | void;
export function save(obj: unknown, f?: string | URL | null): Uint8Array | void {
  const root = new Encoder().encode(obj);
  if (f === undefined || f === null) return writePt(root);
  const path = pathOf(f, 'torch.save');
  // Straight from the storages to the file: no in-memory copy of the archive.
  writeFileAtomic(path, (sink) => writePtTo(root, sink, { archiveName: archiveNameFor(path) }), 'torch.save');
}
