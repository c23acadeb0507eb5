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

/** Receives the archive in order, piece by piece; entry data arrives as the caller's own arrays (no copy). */
export type ZipSink = (chunk: Uint8Array) => void;

/**
 * Writes a zip of stored (uncompressed) entries laid out as PyTorch 1.13.1's writer does: local
 * headers with zero CRC/sizes followed by a data descriptor, data aligned by a padding extra
 * field, a central directory, and always a zip64 end record + locator before the classic one.
 * For a .pt archive the result is byte-identical to torch.save's container.
 */
export function writeZip(entries: readonly ZipWriteEntry[], options: ZipWriteOptions = {}): Uint8Array {
  const layout = planZip(entries, options);
  let out: Uint8Array;
  try {
    out = new Uint8Array(layout.total);
  } catch {
    throw new SerializationError(`cannot build a ${layout.total}-byte archive in memory`);
  }
  let at = 0;
  emitZip(layout, (chunk) => {
    out.set(chunk, at);
    at += chunk.length;
  });
  if (at !== layout.total) throw new Error(`zip writer laid out ${layout.total} bytes but wrote ${at}`);
  return out;
}

/**
 * Like writeZip, but hands the archive to `sink` in pieces instead of building it in memory (a
 * file can be written straight from the tensors' storages). Returns the number of bytes written.
 */
export function writeZipTo(entries: readonly ZipWriteEntry[], sink: ZipSink, options: ZipWriteOptions = {}): number {
  const layout = planZip(entries, options);
  let written = 0;
  emitZip(layout, (chunk) => {
    written += chunk.length;
    sink(chunk);
  });
  if (written !== layout.total) throw new Error(`zip writer laid out ${layout.total} bytes but wrote ${written}`);
  return written;
}

interface Layout {
  planned: Planned[];
  align: number;
  always: boolean;
  cdOffset: number;
  cdSize: number;
  total: number;
}

function planZip(entries: readonly ZipWriteEntry[], options: ZipWriteOptions): Layout {
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
  return { planned, align, always, cdOffset, cdSize, total: cdOffset + cdSize + 56 + 20 + 22 };
}

/** Little-endian fields into a small buffer of a known size. */
class Fields {
  readonly bytes: Uint8Array;
  private readonly v: DataView;
  at = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.v = new DataView(this.bytes.buffer);
  }
  u16(x: number): void {
    this.v.setUint16(this.at, x, true);
    this.at += 2;
  }
  u32(x: number): void {
    this.v.setUint32(this.at, x >>> 0, true);
    this.at += 4;
  }
  u64(x: number): void {
    this.v.setUint32(this.at, x % 0x100000000, true);
    this.v.setUint32(this.at + 4, Math.floor(x / 0x100000000), true);
    this.at += 8;
  }
  raw(b: Uint8Array): void {
    this.bytes.set(b, this.at);
    this.at += b.length;
  }
  fill(value: number, n: number): void {
    this.bytes.fill(value, this.at, this.at + n);
    this.at += n;
  }
}

function emitZip(layout: Layout, sink: ZipSink): void {
  const { planned, align, always, cdOffset, cdSize } = layout;
  for (const p of planned) {
    const size = p.data.length;
    const h = new Fields(30 + p.name.length + p.localExtra);
    h.u32(SIG.LOCAL);
    h.u16(p.zip64 ? NEEDS_ZIP64 : 0);
    h.u16(size === 0 ? FLAGS_EMPTY : FLAGS);
    h.u16(0); // stored
    h.u16(0); // time
    h.u16(0); // date
    h.u32(0); // crc: in the data descriptor
    h.u32(p.zip64 ? U32_MAX : 0);
    h.u32(p.zip64 ? U32_MAX : 0);
    h.u16(p.name.length);
    h.u16(p.localExtra);
    h.raw(p.name);
    if (p.zip64) {
      h.u16(ZIP64_FIELD_ID);
      h.u16(16);
      h.u64(size);
      h.u64(size);
    }
    if (align > 0) {
      h.u16(PAD_FIELD_ID);
      h.u16(p.pad);
      h.fill(0x5a, p.pad); // 'Z'
    }
    sink(h.bytes);
    if (size > 0) {
      sink(p.data);
      const d = new Fields(descriptorLength(size, p.zip64));
      d.u32(SIG.DATA_DESCRIPTOR);
      d.u32(p.crc);
      if (p.zip64) {
        d.u64(size);
        d.u64(size);
      } else {
        d.u32(size);
        d.u32(size);
      }
      sink(d.bytes);
    }
  }

  const end = new Fields(cdSize + 56 + 20 + 22);
  for (const p of planned) {
    const size = p.data.length;
    const wideSize = always || size >= U32_MAX;
    const wideOffset = always || p.offset >= U32_MAX;
    end.u32(SIG.CENTRAL);
    end.u16(0); // made by
    end.u16(p.zip64 ? NEEDS_ZIP64 : 0);
    end.u16(size === 0 ? FLAGS_EMPTY : FLAGS);
    end.u16(0);
    end.u16(0);
    end.u16(0);
    end.u32(p.crc);
    end.u32(wideSize ? U32_MAX : size);
    end.u32(wideSize ? U32_MAX : size);
    end.u16(p.name.length);
    end.u16(centralZip64Length(p, always));
    end.u16(0); // comment
    end.u16(0); // disk
    end.u16(0); // internal attributes
    end.u32(0); // external attributes
    end.u32(wideOffset ? U32_MAX : p.offset);
    end.raw(p.name);
    if (wideSize || wideOffset) {
      end.u16(ZIP64_FIELD_ID);
      end.u16((wideSize ? 16 : 0) + (wideOffset ? 8 : 0));
      if (wideSize) {
        end.u64(size);
        end.u64(size);
      }
      if (wideOffset) end.u64(p.offset);
    }
  }

  const zip64EndAt = cdOffset + cdSize;
  const n = planned.length;
  end.u32(SIG.ZIP64_END);
  end.u64(44);
  end.u16(MADE_BY_UNIX_30);
  end.u16(NEEDS_ZIP64);
  end.u32(0);
  end.u32(0);
  end.u64(n);
  end.u64(n);
  end.u64(cdSize);
  end.u64(cdOffset);

  end.u32(SIG.ZIP64_LOCATOR);
  end.u32(0);
  end.u64(zip64EndAt);
  end.u32(1);

  end.u32(SIG.END);
  end.u16(0);
  end.u16(0);
  end.u16(Math.min(n, 0xffff));
  end.u16(Math.min(n, 0xffff));
  end.u32(Math.min(cdSize, U32_MAX));
  end.u32(Math.min(cdOffset, U32_MAX));
  end.u16(0);
  sink(end.bytes);
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
