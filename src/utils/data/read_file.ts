/**
 * Reading a file's bytes for the file-backed datasets. `node:fs` is imported only when a
 * file is actually read, so the datasets themselves stay importable in a browser (where
 * callers fetch the bytes and use the `fromBytes`/`fromText` constructors instead).
 */
export async function readFileBytes(path: string | URL): Promise<Uint8Array> {
  let fs: typeof import('node:fs/promises');
  try {
    fs = await import('node:fs/promises');
  } catch (e) {
    throw new Error(`reading ${String(path)} needs Node's fs module, which is not available here: ${String(e)}`);
  }
  const buf = await fs.readFile(path);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
