import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import * as zlib from 'node:zlib';
import { z } from 'zod';
import { MempError, wrapError } from '../../core/errors.js';
import { JsonRecordSchema } from '../../core/json-record.js';

/**
 * Version of the file layout written by {@link writeVectorIndexFile}. Bump on any change to the trailer or the
 * description; files of another version are refused (`reason: 'format-version'`) and must be rebuilt.
 */
export const VECTOR_INDEX_FILE_FORMAT_VERSION = 1;

const MAGIC = Buffer.from('MEMPVIDX', 'latin1');
const TRAILER_BYTES = 40;
const CHUNK_BYTES = 8 << 20;
const MAX_DESCRIPTION_BYTES = 16 << 20;

/** What the file says about itself, besides the engine's own bytes (validated with zod on read). */
export const VectorIndexDescriptionSchema = z.object({
  /** The engine that wrote the blob, e.g. `usearch`. */
  engine: z.string(),
  /** The engine's own settings at save time (metric, quantization, connectivity, …). */
  settings: z.record(z.string(), z.unknown()),
  /** Live vectors in the blob. */
  size: z.number().int().nonnegative(),
  /** The caller's facts, returned unchanged. */
  metadata: JsonRecordSchema,
});

/** The description of an index file: engine, settings, size and the caller's metadata. */
export type VectorIndexDescription = z.infer<typeof VectorIndexDescriptionSchema>;

/** What {@link readVectorIndexFile} found: the trailer's facts, checked against the file. */
export interface VectorIndexFileInfo {
  dimension: number;
  /** Bytes of the engine's blob at the start of the file (the rest is description and trailer). */
  blobBytes: number;
  /** Total file size in bytes. */
  fileBytes: number;
  description: VectorIndexDescription;
}

/** Why a file cannot be used; in `details.reason` of the `STORAGE_FAILED` error. */
export type VectorIndexFileProblem =
  | 'truncated'
  | 'not-an-index'
  | 'format-version'
  | 'corrupt'
  | 'dimension-mismatch'
  | 'engine-mismatch'
  | 'engine-refused';

/** A `STORAGE_FAILED` error naming the file and the {@link VectorIndexFileProblem}. */
export function unusableIndexFile(path: string, reason: VectorIndexFileProblem, message: string): MempError {
  return new MempError('STORAGE_FAILED', `vector index file ${path} is not usable (${reason}): ${message}`, {
    details: { path, reason },
  });
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE) of `bytes` continuing from `previous`; zlib's when the runtime has it (Node ≥ 20.15). */
function crc32(bytes: Uint8Array, previous: number): number {
  const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (typeof native === 'function') return native(bytes, previous);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (crcTable[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 of the first `length` bytes of an open file, read in chunks (the blob may be gigabytes). */
function crcOfPrefix(fd: number, length: number): number {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, length)));
  let crc = 0;
  let position = 0;
  while (position < length) {
    const want = Math.min(buffer.length, length - position);
    const got = readSync(fd, buffer, 0, want, position);
    if (got <= 0) throw new Error(`unexpected end of file at byte ${position}`);
    crc = crc32(buffer.subarray(0, got), crc);
    position += got;
  }
  return crc;
}

function readExactly(fd: number, length: number, position: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const got = readSync(fd, buffer, done, length - done, position + done);
    if (got <= 0) throw new Error(`unexpected end of file at byte ${position + done}`);
    done += got;
  }
  return buffer;
}

/**
 * Writes an index file atomically: `writeBlob(tempPath)` lets the engine write its bytes to a temp file in the
 * same directory; then the description and a checksummed trailer are appended, the file is fsynced and renamed
 * over `path` (and the directory fsynced). Readers see the old file or the new one. On any failure the temp file
 * is removed and `STORAGE_FAILED` is thrown.
 *
 * Layout: `[engine blob][description JSON][trailer: magic "MEMPVIDX", format version, dimension, blob bytes,
 * JSON bytes, CRC-32 of blob, of JSON and of the trailer]`. The engine reads its blob from the start of the
 * file and ignores what follows.
 */
export function writeVectorIndexFile(options: {
  path: string;
  dimension: number;
  description: VectorIndexDescription;
  writeBlob: (tempPath: string) => void;
}): void {
  const { path, dimension } = options;
  const parsed = VectorIndexDescriptionSchema.safeParse(options.description);
  if (!parsed.success) {
    throw new MempError('INVALID_ARGUMENT', `vector index metadata is not a JSON object: ${parsed.error.message}`, {
      details: { field: 'metadata' },
    });
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    options.writeBlob(temp);
    fd = openSync(temp, 'r+');
    const blobBytes = fstatSync(fd).size;
    const json = Buffer.from(JSON.stringify(parsed.data), 'utf8');
    const trailer = Buffer.alloc(TRAILER_BYTES);
    MAGIC.copy(trailer, 0);
    trailer.writeUInt32LE(VECTOR_INDEX_FILE_FORMAT_VERSION, 8);
    trailer.writeUInt32LE(dimension, 12);
    trailer.writeBigUInt64LE(BigInt(blobBytes), 16);
    trailer.writeUInt32LE(json.length, 24);
    trailer.writeUInt32LE(crcOfPrefix(fd, blobBytes), 28);
    trailer.writeUInt32LE(crc32(json, 0), 32);
    trailer.writeUInt32LE(crc32(trailer.subarray(0, 36), 0), 36);
    writeSync(fd, json, 0, json.length, blobBytes);
    writeSync(fd, trailer, 0, trailer.length, blobBytes + json.length);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
    syncDirectory(dirname(path));
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw wrapError(error, 'STORAGE_FAILED', `cannot write vector index file ${path}`);
  }
}

/** fsync of a directory so a rename survives a crash; skipped where the platform refuses it (Windows). */
function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Directories cannot be opened or fsynced on some platforms; the rename itself is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads and checks the trailer and description of an index file written by {@link writeVectorIndexFile}, and with
 * `verifyBlob` (default true) the CRC-32 of the engine's blob too (about 0.3 s per GB when cached), so that a
 * damaged file is refused before the engine parses it.
 *
 * @throws MempError `NOT_FOUND` when the file does not exist; `STORAGE_FAILED` with `details.reason` (a
 *   {@link VectorIndexFileProblem}) when it is truncated, not an index file, of another format version, or corrupt.
 */
export function readVectorIndexFile(options: { path: string; verifyBlob?: boolean }): VectorIndexFileInfo {
  const { path } = options;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new MempError('NOT_FOUND', `vector index file ${path} does not exist`, { details: { path } });
    }
    throw wrapError(error, 'STORAGE_FAILED', `cannot open vector index file ${path}`);
  }
  try {
    const fileBytes = fstatSync(fd).size;
    if (fileBytes < TRAILER_BYTES) throw unusableIndexFile(path, 'truncated', `only ${fileBytes} bytes`);
    const trailer = readExactly(fd, TRAILER_BYTES, fileBytes - TRAILER_BYTES);
    if (!trailer.subarray(0, 8).equals(MAGIC)) {
      throw unusableIndexFile(path, 'not-an-index', 'no memp index trailer at the end (truncated or another file)');
    }
    if (crc32(trailer.subarray(0, 36), 0) !== trailer.readUInt32LE(36)) {
      throw unusableIndexFile(path, 'corrupt', 'trailer checksum mismatch');
    }
    const version = trailer.readUInt32LE(8);
    if (version !== VECTOR_INDEX_FILE_FORMAT_VERSION) {
      throw unusableIndexFile(
        path,
        'format-version',
        `format version ${version}, this build reads ${VECTOR_INDEX_FILE_FORMAT_VERSION}`,
      );
    }
    const dimension = trailer.readUInt32LE(12);
    const blobBytes = Number(trailer.readBigUInt64LE(16));
    const jsonBytes = trailer.readUInt32LE(24);
    if (jsonBytes > MAX_DESCRIPTION_BYTES || blobBytes + jsonBytes + TRAILER_BYTES !== fileBytes) {
      throw unusableIndexFile(path, 'corrupt', 'section lengths do not add up to the file size');
    }
    const json = readExactly(fd, jsonBytes, blobBytes);
    if (crc32(json, 0) !== trailer.readUInt32LE(32)) {
      throw unusableIndexFile(path, 'corrupt', 'description checksum mismatch');
    }
    let raw: unknown;
    try {
      raw = JSON.parse(json.toString('utf8'));
    } catch {
      throw unusableIndexFile(path, 'corrupt', 'description is not JSON');
    }
    const description = VectorIndexDescriptionSchema.safeParse(raw);
    if (!description.success) throw unusableIndexFile(path, 'corrupt', 'description has an unexpected shape');
    if ((options.verifyBlob ?? true) && crcOfPrefix(fd, blobBytes) !== trailer.readUInt32LE(28)) {
      throw unusableIndexFile(path, 'corrupt', 'index checksum mismatch');
    }
    return { dimension, blobBytes, fileBytes, description: description.data };
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot read vector index file ${path}`);
  } finally {
    closeSync(fd);
  }
}
