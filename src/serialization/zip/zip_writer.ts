import { SerializationError, ZipFormatError } from '../errors.js';
import { encodeUtf8 } from '../text.js';
import { crc32 } from './crc32.js';
import { SIG } from './signatures.js';

export interface ZipWriteEntry {
  name: string;
  data: Uint8Array;
}

export interface ZipWriteOptions {
  /**
   * Each entry's data starts at a multiple of this (default 64, as PyTorch writes so storages can
   * be used in place). The padding is an extra field with id 0x4246 ("FB") filled with 'Z'.
   * 0 writes no padding field at all.
   */
  align?: number;
  /** 'auto' (default) uses zip64 fields only where sizes or offsets need them; 'always' everywhere. */
  zip64?: 'auto' | 'always';
}

const U32_MAX = 0xffffffff;
const PAD_FIELD_ID = 0x4246;
const ZIP64_FIELD_ID = 0x0001;
/** "Made by" version of PyTorch's zip64 end record: Unix host (3), spec version 3.0 (30). */
const MADE_BY_UNIX_30 = 0x031e;
const NEEDS_ZIP64 = 45;
/** Sizes in a data descriptor (bit 3) and UTF-8 names (bit 11), as PyTorch sets them. */
const FLAGS = 0x0808;
/** PyTorch's writer (miniz) gives an empty entry no data descriptor, so only the UTF-8 bit. */
const FLAGS_EMPTY = 0x0800;

interface Planned {
  name: Uint8Array;
  data: Uint8Array;
  crc: number;
  offset: number;
  zip64: boolean;
  localExtra: number;
  pad: number;
}

/**
 * Writes a zip of stored (uncompressed) entries laid out as PyTorch 1.13.1's writer does: local
 * headers with zero CRC/sizes followed by a data descriptor, data aligned by a padding extra
 * field, a central directory, and always a zip64 end record + locator before the classic one.
 * For a .pt archive the result is byte-identical to torch.save's container.
 */
export function writeZip(entries: readonly ZipWriteEntry[], options: ZipWriteOptions = {}): Uint8Array {
  const align = options.align ?? 64;
  if (!Number.isInteger(align) || align < 0 || align > 0x8000) {
    throw new ZipFormatError(`alignment must be an integer in [0, 32768], got ${align}`);
  }
  const always = options.zip64 === 'always';
  const seen = new Set<string>();
  const planned: Planned[] = [];
  let offset = 0;
  for (const e of entries) {
    if (seen.has(e.name)) throw new ZipFormatError(`duplicate entry '${e.name}'`);
    seen.add(e.name);
    const name = encodeUtf8(e.name);
    if (name.length > 0xffff) throw new ZipFormatError(`entry name too long (${name.length} bytes)`);
    const zip64 = always || e.data.length >= U32_MAX || offset >= U32_MAX;
    const zip64Extra = zip64 ? 20 : 0;
    let pad = 0;
    let padField = 0;
    if (align > 0) {
      const start = offset + 30 + name.length + zip64Extra + 4;
      pad = (align - (start % align)) % align;
      padField = 4 + pad;
    }
    const localExtra = zip64Extra + padField;
    planned.push({ name, data: e.data, crc: crc32(e.data), offset, zip64, localExtra, pad });
    offset += 30 + name.length + localExtra + e.data.length + descriptorLength(e.data.length, zip64);
  }

  const cdOffset = offset;
  let cdSize = 0;
  for (const p of planned) cdSize += 46 + p.name.length + centralZip64Length(p, always);
  const total = cdOffset + cdSize + 56 + 20 + 22;
  let out: Uint8Array;
  try {
    out = new Uint8Array(total);
  } catch {
    throw new SerializationError(`cannot build a ${total}-byte archive in memory`);
  }
  const v = new DataView(out.buffer);
  let at = 0;
  const u16 = (x: number): void => {
    v.setUint16(at, x, true);
    at += 2;
  };
  const u32 = (x: number): void => {
    v.setUint32(at, x >>> 0, true);
    at += 4;
  };
  const u64 = (x: number): void => {
    v.setUint32(at, x % 0x100000000, true);
    v.setUint32(at + 4, Math.floor(x / 0x100000000), true);
    at += 8;
  };
  const raw = (b: Uint8Array): void => {
    out.set(b, at);
    at += b.length;
  };

  for (const p of planned) {
    const size = p.data.length;
    u32(SIG.LOCAL);
    u16(p.zip64 ? NEEDS_ZIP64 : 0);
    u16(size === 0 ? FLAGS_EMPTY : FLAGS);
    u16(0); // stored
    u16(0); // time
    u16(0); // date
    u32(0); // crc: in the data descriptor
    u32(p.zip64 ? U32_MAX : 0);
    u32(p.zip64 ? U32_MAX : 0);
    u16(p.name.length);
    u16(p.localExtra);
    raw(p.name);
    if (p.zip64) {
      u16(ZIP64_FIELD_ID);
      u16(16);
      u64(size);
      u64(size);
    }
    if (align > 0) {
      u16(PAD_FIELD_ID);
      u16(p.pad);
      out.fill(0x5a, at, at + p.pad); // 'Z'
      at += p.pad;
    }
    raw(p.data);
    if (size > 0) {
      u32(SIG.DATA_DESCRIPTOR);
      u32(p.crc);
      if (p.zip64) {
        u64(size);
        u64(size);
      } else {
        u32(size);
        u32(size);
      }
    }
  }

  for (const p of planned) {
    const size = p.data.length;
    const wideSize = always || size >= U32_MAX;
    const wideOffset = always || p.offset >= U32_MAX;
    u32(SIG.CENTRAL);
    u16(0); // made by
    u16(p.zip64 ? NEEDS_ZIP64 : 0);
    u16(size === 0 ? FLAGS_EMPTY : FLAGS);
    u16(0);
    u16(0);
    u16(0);
    u32(p.crc);
    u32(wideSize ? U32_MAX : size);
    u32(wideSize ? U32_MAX : size);
    u16(p.name.length);
    u16(centralZip64Length(p, always));
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(wideOffset ? U32_MAX : p.offset);
    raw(p.name);
    if (wideSize || wideOffset) {
      u16(ZIP64_FIELD_ID);
      u16((wideSize ? 16 : 0) + (wideOffset ? 8 : 0));
      if (wideSize) {
        u64(size);
        u64(size);
      }
      if (wideOffset) u64(p.offset);
    }
  }

  const zip64EndAt = at;
  const n = planned.length;
  u32(SIG.ZIP64_END);
  u64(44);
  u16(MADE_BY_UNIX_30);
  u16(NEEDS_ZIP64);
  u32(0);
  u32(0);
  u64(n);
  u64(n);
  u64(cdSize);
  u64(cdOffset);

  u32(SIG.ZIP64_LOCATOR);
  u32(0);
  u64(zip64EndAt);
  u32(1);

  u32(SIG.END);
  u16(0);
  u16(0);
  u16(Math.min(n, 0xffff));
  u16(Math.min(n, 0xffff));
  u32(Math.min(cdSize, U32_MAX));
  u32(Math.min(cdOffset, U32_MAX));
  u16(0);
  if (at !== total) throw new Error(`zip writer laid out ${total} bytes but wrote ${at}`);
  return out;
}

function descriptorLength(size: number, zip64: boolean): number {
  if (size === 0) return 0;
  return zip64 ? 24 : 16;
}

function centralZip64Length(p: Planned, always: boolean): number {
  const wideSize = always || p.data.length >= U32_MAX;
  const wideOffset = always || p.offset >= U32_MAX;
  if (!wideSize && !wideOffset) return 0;
  return 4 + (wideSize ? 16 : 0) + (wideOffset ? 8 : 0);
}
