import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
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
  /** Appends text to the temporary file. */
  write(text: string): void;
  /** Flushes, closes and renames the temporary file onto the target path. */
  commit(): void;
  /** Closes and removes the temporary file, leaving the target as it was. */
  abort(): void;
}

/**
 * Opens `path` for an all-or-nothing write: text goes to a temporary file in the same directory (so the final
 * rename is atomic), and the target appears, or is replaced, only on `commit`. A missing directory or a
 * directory as target is `INVALID_ARGUMENT` naming `field`; paths in `protect` (e.g. the open database and its
 * `-wal`/`-shm` files) are refused, compared after resolving symlinks and by inode.
 */
export function openAtomicFileWriter(options: {
  path: string;
  field: string;
  protect?: readonly string[];
}): AtomicFileWriter {
  const { path, field } = options;
  const target = resolve(path);
  const dir = dirname(target);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new MempError('INVALID_ARGUMENT', `${field} ${path}: directory ${dir} does not exist`, {
      details: { field, file: path },
    });
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    throw new MempError('INVALID_ARGUMENT', `${field} ${path} is a directory`, { details: { field, file: path } });
  }
  for (const protectedPath of options.protect ?? []) {
    if (sameFile(target, resolve(protectedPath))) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `${field} ${path} is the open database (${protectedPath}); writing there would destroy it`,
        {
          details: { field, file: path },
        },
      );
    }
  }
  const temp = join(dir, `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined = openSync(temp, 'wx', 0o644);
  const close = (): void => {
    if (fd === undefined) return;
    closeSync(fd);
    fd = undefined;
  };
  return {
    write(text) {
      if (fd === undefined) throw new MempError('INTERNAL', 'write after commit or abort');
      writeSync(fd, text);
    },
    commit() {
      if (fd === undefined) throw new MempError('INTERNAL', 'commit after commit or abort');
      fsyncSync(fd);
      close();
      renameSync(temp, target);
    },
    abort() {
      close();
      rmSync(temp, { force: true });
    },
  };
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
