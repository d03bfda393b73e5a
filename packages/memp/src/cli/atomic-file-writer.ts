import {
  type Stats,
  closeSync,
  existsSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MempError } from '../core/errors.js';

/** A file written under a temporary name and renamed into place only when complete. */
export interface AtomicFileWriter {
  /** Appends text to the temporary file (or the stream). A failed write is `STORAGE_FAILED` naming the file. */
  write(text: string): void;
  /** Flushes, closes and renames the temporary file onto the target path (a stream is only closed). */
  commit(): void;
  /** Closes and removes the temporary file, leaving the target as it was. Never throws. */
  abort(): void;
}

/** Symlinks followed before giving up, as the kernel's own limit (ELOOP). */
const MAX_SYMLINK_HOPS = 40;

/**
 * Opens `path` for an all-or-nothing write: text goes to a temporary file beside the target (so the final rename
 * is atomic), and the target appears, or is replaced, only on `commit`. Symlinks are followed, so the link stays
 * and its target gets the text; an existing target keeps its mode (and, where allowed, its owner). A character
 * device or a FIFO (`/dev/null`, a named pipe) is written to directly, never replaced; so is one of this
 * process's descriptors (`/dev/stdout`, `/dev/fd/N`), through the descriptor itself. A missing directory, a directory, a socket or a block device as target is `INVALID_ARGUMENT`
 * naming `field`; paths in `protect` (e.g. the open database and its `-wal`/`-shm` files) are refused, compared
 * after resolving symlinks and by inode. Failed I/O (ENOSPC, EACCES, EPIPE…) is `STORAGE_FAILED` naming the file.
 */
export function openAtomicFileWriter(options: {
  path: string;
  field: string;
  protect?: readonly string[];
}): AtomicFileWriter {
  const { path, field } = options;
  const invalid = (why: string): MempError =>
    new MempError('INVALID_ARGUMENT', `${field} ${path} ${why}`, { details: { field, file: path } });
  const resolved = followSymlinks(resolve(path), invalid);
  const existing = statIfExists(resolved.path);
  const dir = dirname(resolved.path);
  if (existing === undefined && !(existsSync(dir) && statSync(dir).isDirectory())) {
    throw invalid(`is in a directory that does not exist (${dir})`);
  }
  if (existing?.isDirectory()) throw invalid('is a directory');
  if (existing?.isSocket()) throw invalid('is a socket; give a file, a FIFO or a character device');
  if (existing?.isBlockDevice()) throw invalid('is a block device; writing there would destroy its contents');
  for (const protectedPath of options.protect ?? []) {
    if (sameFile(resolved.path, resolve(protectedPath))) {
      throw invalid(`is the open database (${protectedPath}); writing there would destroy it`);
    }
  }
  const io = ioErrors(path, field);
  // One of this process's descriptors (`/dev/stdout`, `/dev/fd/3`) is written to as it is, never renamed onto:
  // reopening it would truncate a `>>` file and cannot open a socket.
  if (resolved.ownFd !== undefined) {
    const fd = resolved.ownFd;
    io('use its descriptor', () => fstatSync(fd));
    return openStreamWriter(path, io, fd);
  }
  // A device, a FIFO or another process's descriptor is a stream: write into it in place.
  if ((existing !== undefined && !existing.isFile()) || resolved.viaProc) return openStreamWriter(path, io);
  return openTemporaryFileWriter(resolved.path, existing, io);
}

/** Wraps a failed file operation into `STORAGE_FAILED` naming the file and the operation. */
type IoErrors = <T>(operation: string, run: () => T) => T;

function ioErrors(path: string, field: string): IoErrors {
  return (operation, run) => {
    try {
      return run();
    } catch (error) {
      if (error instanceof MempError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      throw new MempError('STORAGE_FAILED', `${field} ${path}: cannot ${operation}: ${(error as Error).message}`, {
        cause: error,
        details: { field, file: path, ...(code ? { errno: code } : {}) },
      });
    }
  };
}

/**
 * Writes straight into an existing character device or FIFO (blocks until a FIFO has a reader, as a shell does),
 * or into `given`, one of this process's descriptors, which is left open.
 */
function openStreamWriter(path: string, io: IoErrors, given?: number): AtomicFileWriter {
  let fd: number | undefined = given ?? io('open it', () => openSync(path, 'w'));
  const close = (): void => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    if (given === undefined) io('close it', () => closeSync(open));
  };
  return {
    write(text) {
      if (fd === undefined) throw new MempError('INTERNAL', 'write after commit or abort');
      const open = fd;
      io('write to it', () => writeAll(open, text));
    },
    commit() {
      if (fd === undefined) throw new MempError('INTERNAL', 'commit after commit or abort');
      close();
    },
    abort() {
      try {
        close();
      } catch {
        // Aborting after a failed write: the write's error is the one reported.
      }
    },
  };
}

/** Writes to a temporary file beside `target` and renames it onto `target` on commit, keeping `existing`'s mode. */
function openTemporaryFileWriter(target: string, existing: Stats | undefined, io: IoErrors): AtomicFileWriter {
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined = io('create a temporary file beside it', () =>
    openSync(temp, 'wx', existing === undefined ? 0o644 : 0o600),
  );
  const close = (): void => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  const abort = (): void => {
    try {
      close();
    } catch {
      // Closing after a failed write: the write's error is the one reported.
    }
    rmSync(temp, { force: true });
  };
  if (existing !== undefined) {
    const open = fd;
    try {
      io('keep its mode', () => fchmodSync(open, existing.mode & 0o7777));
    } catch (error) {
      abort();
      throw error;
    }
    keepOwner(open, existing);
  }
  return {
    write(text) {
      if (fd === undefined) throw new MempError('INTERNAL', 'write after commit or abort');
      const open = fd;
      io('write to it', () => writeAll(open, text));
    },
    commit() {
      if (fd === undefined) throw new MempError('INTERNAL', 'commit after commit or abort');
      const open = fd;
      io('write to it', () => {
        fsyncSync(open);
        close();
        renameSync(temp, target);
      });
    },
    abort,
  };
}

/** Gives the temporary file the replaced file's owner when it differs; allowed to root only, so best effort. */
function keepOwner(fd: number, existing: Stats): void {
  if (existing.uid === process.getuid?.() && existing.gid === process.getgid?.()) return;
  try {
    fchownSync(fd, existing.uid, existing.gid);
  } catch {
    // Not permitted (not root): the file becomes the writer's, as any editor's save would make it.
  }
}

/**
 * Writes all of `text`: writeSync may write less than asked, and an inherited descriptor (stdout) may be
 * non-blocking, answering EAGAIN while its reader catches up.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(PAUSE, 0, 0, 2);
    }
  }
}

/** Something to wait on for a few milliseconds without spinning. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Follows `path` while its last component is a symlink (directories on the way need no resolving: the rename
 * happens in whatever directory they lead to). `viaProc` is true when a hop leads through `/proc`: a process's
 * descriptor, to be written into, never renamed onto; `ownFd` is set when that descriptor is this process's
 * (`/dev/stdout` → `/proc/self/fd/1`, `/dev/fd/N`).
 */
function followSymlinks(
  path: string,
  invalid: (why: string) => MempError,
): { path: string; viaProc: boolean; ownFd?: number } {
  const ownFdPath = new RegExp(`^/(?:proc/(?:self|${process.pid})|dev)/fd/(\\d+)$`);
  let current = path;
  let viaProc = false;
  let ownFd: number | undefined;
  for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
    viaProc ||= current.startsWith('/proc/');
    const fd = ownFdPath.exec(current)?.[1];
    if (fd !== undefined) ownFd ??= Number(fd);
    const link = lstatIfExists(current);
    if (link === undefined || !link.isSymbolicLink()) {
      return { path: current, viaProc: viaProc || ownFd !== undefined, ...(ownFd !== undefined ? { ownFd } : {}) };
    }
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw invalid(`leads through more than ${MAX_SYMLINK_HOPS} symlinks`);
}

function statIfExists(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatIfExists(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** True when `a` and `b` name one file: the same path after resolving symlinks, or the same device and inode. */
function sameFile(a: string, b: string): boolean {
  if (a === b) return true;
  if (!existsSync(a) || !existsSync(b)) return false;
  if (realpathSync(a) === realpathSync(b)) return true;
  const sa = statSync(a);
  const sb = statSync(b);
  return sa.dev === sb.dev && sa.ino === sb.ino;
}
