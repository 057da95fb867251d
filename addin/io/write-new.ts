/**
 * Writing a new file safely: the bytes go to a temporary file next to the target, which is
 * then linked under the final name only when complete — a killed run leaves at most a
 * ".name.part-…" file, never a truncated .xlsx under the name the user asked for — and an
 * existing file is never replaced (the link fails with EEXIST).
 */
import { link, lstat, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { at, MESSAGES, systemReason } from '../core/messages';
import type { Text } from '../core/model';

/** Write `bytes` to `path`, which must not exist. Throws EEXIST (code) if it does. */
export async function writeFileNew(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.part-${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(tmp, bytes, { flag: 'wx' });
  try {
    try {
      await link(tmp, path); // atomic, and refuses an existing name
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw e;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
      // A file system without hard links: check, then rename (a small window, but never a torn file).
      const exists = await lstat(path).then(() => true, () => false);
      if (exists) throw Object.assign(new Error(`EEXIST: file already exists, '${path}'`), { code: 'EEXIST' });
      await rename(tmp, path);
      return;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** A short, clear reason for a failed write (no stack), from the message catalogue. */
export function writeFailure(path: string, e: unknown): Text {
  return at(path, systemReason(e, MESSAGES.folderMissing));
}
