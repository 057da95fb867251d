/**
 * Reading a zip (an .xlsx) without trusting it: the central directory is read from the
 * end of the file with positional reads (the file is never loaded whole), and an entry is
 * inflated as a stream that stops at a byte limit — the sizes a zip declares can lie.
 *
 * Node only (node:fs, node:zlib): the command line's guard and streaming reader use it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; others are refused by the reader. */
  method: number;
  compressedSize: number;
  /** As declared by the central directory (not trusted: inflating stops at the limit). */
  uncompressedSize: number;
  /** Offset of the local file header. */
  localOffset: number;
  /** Bit 0: encrypted. */
  flags: number;
}

export class ZipError extends Error {}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === len ? buf : buf.subarray(0, got);
}

/** The entries of a zip file, from its central directory. Throws ZipError if it is not a zip. */
export async function readCentralDirectory(fh: FileHandle, fileSize: number, maxEntries: number): Promise<ZipEntry[]> {
  if (fileSize < 22) throw new ZipError('not a zip file (too short)');
  const tailLen = Math.min(fileSize, 22 + 65_535);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip file (no end of central directory)');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // Zip64: the locator sits just before the end record.
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== ZIP64_LOCATOR_SIG) throw new ZipError('broken zip64 end record');
    const z64 = Number(tail.readBigUInt64LE(loc + 8));
    const rec = await readAt(fh, z64, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw new ZipError('broken zip64 end record');
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (count > maxEntries) throw new TooManyEntries(count);
  if (cdOffset + cdSize > fileSize || cdSize > 64 * 1024 * 1024) throw new ZipError('central directory out of bounds');
  const cd = await readAt(fh, cdOffset, cdSize);
  const out: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length && out.length < count) {
    if (cd.readUInt32LE(p) !== CEN_SIG) throw new ZipError('broken central directory');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // Zip64 extra field (id 1) holds the 64-bit values that are 0xffffffff above, in order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedSize === 0xffffffff && q + 8 <= e + 4 + len) {
          uncompressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) {
          compressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    out.push({ name, method, compressedSize, uncompressedSize, localOffset, flags });
    p = eEnd + commentLen;
  }
  return out;
}

export class TooManyEntries extends Error {
  constructor(readonly count: number) {
    super(`the zip has ${count} entries`);
  }
}

/** Thrown when inflating passes its limit; `inflated` bytes had come out by then. */
export class InflateLimit extends Error {
  constructor(
    readonly inflated: number,
    readonly limit: number,
    readonly compressedRead: number,
  ) {
    super(`inflated past ${limit} bytes`);
  }
}

export interface InflateOptions {
  /** Stop (throw InflateLimit) once more than this many bytes have come out. */
  limit: number;
  /** Called with every inflated chunk; may throw to stop. */
  onData: (chunk: Buffer) => void;
  /** Also stop when, past `ratioFloor` bytes out, out/in exceeds `maxRatio`. */
  maxRatio?: number;
  ratioFloor?: number;
  onRatio?: (out: number, inBytes: number) => Error;
}

/**
 * Inflate one entry, streaming from the file, never holding more than a chunk. Returns the
 * number of bytes that came out. Stops early (destroying the streams) when onData throws or a
 * limit is passed.
 */
export async function inflateEntry(fh: FileHandle, entry: ZipEntry, opts: InflateOptions): Promise<number> {
  if (entry.flags & 1) throw new ZipError(`${entry.name}: encrypted`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`${entry.name}: unsupported compression method ${entry.method}`);
  const loc = await readAt(fh, entry.localOffset, 30);
  if (loc.length < 30 || loc.readUInt32LE(0) !== LOC_SIG) throw new ZipError(`${entry.name}: broken local header`);
  const start = entry.localOffset + 30 + loc.readUInt16LE(26) + loc.readUInt16LE(28);
  const end = start + entry.compressedSize; // exclusive
  const CHUNK = 256 * 1024; // compressed bytes per read

  let out = 0;
  let inBytes = 0;
  let consumed = () => inBytes;
  const check = (chunk: Buffer) => {
    out += chunk.length;
    if (out > opts.limit) throw new InflateLimit(out, opts.limit, inBytes);
    if (opts.maxRatio !== undefined && out > (opts.ratioFloor ?? 0) && out / Math.max(1, consumed()) > opts.maxRatio) {
      throw opts.onRatio ? opts.onRatio(out, consumed()) : new InflateLimit(out, opts.limit, inBytes);
    }
    opts.onData(chunk);
  };

  if (entry.method === 0) {
    for (let pos = start; pos < end; pos += CHUNK) {
      const buf = await readAt(fh, pos, Math.min(CHUNK, end - pos));
      inBytes += buf.length;
      check(buf);
      if (buf.length === 0) break;
    }
    return out;
  }

  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  // The compressed bytes zlib has actually consumed (not merely been handed): the ratio so far.
  consumed = () => inflate.bytesWritten;
  let failure: unknown = null;
  let finished = false;
  const done = new Promise<void>((resolvePromise, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      if (failure) return;
      try {
        check(chunk);
      } catch (e) {
        failure = e;
        inflate.destroy();
        reject(e);
      }
    });
    inflate.on('end', () => {
      finished = true;
      resolvePromise();
    });
    inflate.on('error', (e) => {
      if (!failure) {
        failure = e;
        reject(new ZipError(`${entry.name}: ${e.message}`));
      }
    });
    inflate.on('close', () => {
      if (!finished && !failure) resolvePromise();
    });
  });
  done.catch(() => undefined); // observed below
  for (let pos = start; pos < end && !failure; pos += CHUNK) {
    const buf = await readAt(fh, pos, Math.min(CHUNK, end - pos));
    if (buf.length === 0) break;
    inBytes += buf.length;
    // Back-pressure: wait for the inflater to take the chunk before reading more.
    if (!inflate.write(buf)) await new Promise<void>((r) => {
      const go = () => {
        inflate.off('drain', go);
        inflate.off('close', go);
        r();
      };
      inflate.once('drain', go);
      inflate.once('close', go);
    });
  }
  if (!failure) inflate.end();
  await done;
  return out;
}

/** Open a file for the guard and the reader. */
export async function openZip(path: string): Promise<{ fh: FileHandle; size: number }> {
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return { fh, size: st.size };
  } catch (e) {
    await fh.close();
    throw e;
  }
}
