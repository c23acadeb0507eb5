/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON describing each
 * tensor ({dtype, shape, data_offsets: [begin, end]} relative to the data section) plus an optional
 * "__metadata__" map of strings, then the data section. Validation follows the reference reader:
 * offsets must tile the data section exactly, in order, with no gaps or overlaps.
 */
import { SafetensorsError } from './errors.js';
import type { PtDtypeName } from './pt_records.js';
import { decodeUtf8, encodeUtf8 } from './text.js';

/** In increasing alignment order, as the reference implementation orders them. */
const DTYPES = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'] as const;
export type SafetensorsDtype = (typeof DTYPES)[number];

const ITEM_SIZE: Record<SafetensorsDtype, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E5M2: 1, F8_E4M3: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** Row-major little-endian element bytes. */
  bytes: Uint8Array;
}

export interface SafetensorsFile {
  /** In file order (by data offset). */
  tensors: Map<string, SafetensorsTensor>;
  metadata: Map<string, string> | undefined;
}

export interface ReadSafetensorsOptions {
  /** Return views into the input instead of copies (default: copies). */
  copy?: boolean;
  /** Largest JSON header accepted (default 100,000,000 bytes, the reference limit). */
  maxHeaderSize?: number;
}

const METADATA_KEY = '__metadata__';

export function isSafetensorsDtype(v: unknown): v is SafetensorsDtype {
  return typeof v === 'string' && (DTYPES as readonly string[]).includes(v);
}

export function safetensorsItemSize(dtype: SafetensorsDtype): number {
  return ITEM_SIZE[dtype];
}

function numelOf(shape: unknown, name: string): number {
  if (!Array.isArray(shape)) throw new SafetensorsError(`tensor '${name}': shape must be a list of integers`);
  let n = 1;
  for (const s of shape) {
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) {
      throw new SafetensorsError(`tensor '${name}': shape ${JSON.stringify(shape)} must hold non-negative integers`);
    }
    n *= s;
    if (!Number.isSafeInteger(n)) throw new SafetensorsError(`tensor '${name}': shape ${JSON.stringify(shape)} overflows`);
  }
  return n;
}

/** Reads a .safetensors file. */
export function readSafetensors(bytes: Uint8Array, options: ReadSafetensorsOptions = {}): SafetensorsFile {
  if (bytes.length < 8) throw new SafetensorsError(`header too small: the file has only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const maxHeader = options.maxHeaderSize ?? 100_000_000;
  const n = hi * 0x100000000 + lo;
  if (hi !== 0 || n > maxHeader) throw new SafetensorsError(`header too large: ${hi ? `${hi} * 2^32 + ${lo}` : n} bytes (limit ${maxHeader})`);
  if (8 + n > bytes.length) throw new SafetensorsError(`invalid header length ${n}: the file has only ${bytes.length - 8} bytes after it`);
  const text = decodeUtf8(bytes.subarray(8, 8 + n), (m) => new SafetensorsError(`header is not valid UTF-8: ${m}`));
  if (!text.startsWith('{')) throw new SafetensorsError("invalid header: it must start with '{'");
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(`invalid header JSON: ${(e as Error).message}`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError('invalid header: not a JSON object');

  let metadata: Map<string, string> | undefined;
  const infos: Array<{ name: string; dtype: SafetensorsDtype; shape: number[]; begin: number; end: number }> = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new SafetensorsError('__metadata__ must be an object of strings');
      metadata = new Map();
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new SafetensorsError(`__metadata__ value for '${k}' must be a string, got ${JSON.stringify(v)}`);
        metadata.set(k, v);
      }
      continue;
    }
    if (info === null || typeof info !== 'object' || Array.isArray(info)) throw new SafetensorsError(`tensor '${name}': info must be an object`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (!isSafetensorsDtype(dtype)) throw new SafetensorsError(`tensor '${name}': unknown dtype ${JSON.stringify(dtype)}`);
    const numel = numelOf(shape, name);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0)) {
      throw new SafetensorsError(`tensor '${name}': data_offsets must be [begin, end] non-negative integers`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new SafetensorsError(`tensor '${name}': data_offsets [${begin}, ${end}] end before they begin`);
    if (end - begin !== numel * ITEM_SIZE[dtype]) {
      throw new SafetensorsError(
        `tensor '${name}': ${dtype} of shape [${(shape as number[]).join(', ')}] needs ${numel * ITEM_SIZE[dtype]} bytes but data_offsets give ${end - begin}`,
      );
    }
    infos.push({ name, dtype, shape: [...(shape as number[])], begin, end });
  }
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  const dataStart = 8 + n;
  let at = 0;
  for (const t of infos) {
    if (t.begin !== at) {
      throw new SafetensorsError(
        t.begin < at
          ? `tensor '${t.name}': data_offsets [${t.begin}, ${t.end}] overlap the previous tensor (which ends at ${at})`
          : `tensor '${t.name}': data_offsets [${t.begin}, ${t.end}] leave a gap after byte ${at}`,
      );
    }
    at = t.end;
  }
  if (dataStart + at !== bytes.length) {
    throw new SafetensorsError(
      `the tensors cover ${at} bytes of data but the file holds ${bytes.length - dataStart} after the header (metadata incomplete or file truncated)`,
    );
  }
  const tensors = new Map<string, SafetensorsTensor>();
  for (const t of infos) {
    const data = bytes.subarray(dataStart + t.begin, dataStart + t.end);
    tensors.set(t.name, { dtype: t.dtype, shape: t.shape, bytes: options.copy === false ? data : data.slice() });
  }
  return { tensors, metadata };
}

function compareUtf8(a: string, b: string): number {
  const x = encodeUtf8(a);
  const y = encodeUtf8(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * Writes a .safetensors file the way the reference serializer lays it out: tensors ordered by
 * dtype alignment (largest first) then name, header JSON padded with spaces to a multiple of 8.
 */
export function writeSafetensors(
  tensors: Map<string, SafetensorsTensor> | Record<string, SafetensorsTensor>,
  metadata?: Map<string, string> | Record<string, string>,
): Uint8Array {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  for (const [name, t] of list) {
    if (name === METADATA_KEY) throw new SafetensorsError(`'${METADATA_KEY}' cannot be a tensor name`);
    if (!isSafetensorsDtype(t.dtype)) throw new SafetensorsError(`tensor '${name}': unknown dtype ${JSON.stringify(t.dtype)}`);
    const need = numelOf(t.shape, name) * ITEM_SIZE[t.dtype];
    if (t.bytes.length !== need) {
      throw new SafetensorsError(`tensor '${name}': ${t.dtype} of shape [${t.shape.join(', ')}] needs ${need} bytes, got ${t.bytes.length}`);
    }
  }
  list.sort(([an, a], [bn, b]) => DTYPES.indexOf(b.dtype) - DTYPES.indexOf(a.dtype) || compareUtf8(an, bn));

  const parts: string[] = [];
  if (metadata) {
    const entries = metadata instanceof Map ? [...metadata] : Object.entries(metadata);
    for (const [k, v] of entries) {
      if (typeof v !== 'string') throw new SafetensorsError(`__metadata__ value for '${k}' must be a string`);
    }
    const fields = entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
    parts.push(`${JSON.stringify(METADATA_KEY)}:{${fields.join(',')}}`);
  }
  let offset = 0;
  for (const [name, t] of list) {
    const info = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes.length] };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    offset += t.bytes.length;
  }
  const json = encodeUtf8(`{${parts.join(',')}}`);
  const pad = (8 - (json.length % 8)) % 8;
  const headerLen = json.length + pad;
  const out = new Uint8Array(8 + headerLen + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen % 0x100000000, true);
  view.setUint32(4, Math.floor(headerLen / 0x100000000), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const [, t] of list) {
    out.set(t.bytes, at);
    at += t.bytes.length;
  }
  return out;
}

const BY_PT_DTYPE: Record<PtDtypeName, SafetensorsDtype> = {
  float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32', int16: 'I16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
};

/** 'float32' -> 'F32'. */
export function safetensorsDtypeFor(dtype: PtDtypeName): SafetensorsDtype {
  return BY_PT_DTYPE[dtype];
}

/** 'F32' -> 'float32'; undefined for dtypes with no torch counterpart here (U16, U32, U64, F8_*). */
export function dtypeForSafetensors(dtype: SafetensorsDtype): PtDtypeName | undefined {
  for (const [pt, st] of Object.entries(BY_PT_DTYPE)) if (st === dtype) return pt as PtDtypeName;
  return undefined;
}
