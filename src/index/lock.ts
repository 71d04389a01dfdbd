import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A build lock for an index folder, so two processes that both need a rebuild (two `ingest`
 * runs, or the bot starting while an ingest runs) don't both do the work: the second waits,
 * then usually finds the first one's build and loads it.
 *
 * It saves work; it does not guard correctness. Builds go to private folders and the manifest
 * is switched by an atomic rename, so two writers without the lock still leave a whole index.
 * That is why every failure here (a folder that can't be written, a holder that takes too long,
 * two processes breaking the same stale lock) ends in building without the lock, never in
 * waiting forever or failing the build.
 */

export const LOCK_FILE = 'build.lock';

export interface LockOptions {
  /** Longest wait for a live holder before building anyway. */
  waitMs?: number;
  /** A lock older than this is stale even if its pid looks alive (pids are reused). */
  staleMs?: number;
  pollMs?: number;
  log?: { warn(obj: object, msg?: string): void };
}

export interface LockHandle {
  /** True when another process held the lock and this one waited for it. */
  waited: boolean;
  /** False when building goes ahead without the lock (see above). */
  held: boolean;
  release(): Promise<void>;
}

interface LockContent {
  pid: number;
  host: string;
  token: string;
  createdAt: number;
}

const DEFAULTS = { waitMs: 120_000, staleMs: 10 * 60_000, pollMs: 100 };
/** A lock file still empty after this long belongs to a writer that died between open and write. */
const EMPTY_GRACE_MS = 5_000;

export async function acquireIndexLock(dir: string, options: LockOptions = {}): Promise<LockHandle> {
  const { waitMs, staleMs, pollMs } = { ...DEFAULTS, ...options };
  const file = path.join(dir, LOCK_FILE);
  const content: LockContent = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), createdAt: Date.now() };
  const unlocked = (waited: boolean): LockHandle => ({ waited, held: false, release: async () => {} });
  const deadline = Date.now() + waitMs;
  let waited = false;
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    options.log?.warn({ dir, err: error }, 'cannot create the index folder for its build lock; building without it');
    return unlocked(false);
  }
  for (;;) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify(content));
      } finally {
        await handle.close();
      }
      return { waited, held: true, release: () => release(file, content.token) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        options.log?.warn({ dir, err: error }, 'cannot take the index build lock; building without it');
        return unlocked(waited);
      }
    }
    const holder = await readHolder(file);
    if (holder === 'gone') continue;
    if (isStale(holder, staleMs)) {
      await breakLock(file);
      continue;
    }
    if (Date.now() >= deadline) {
      options.log?.warn({ dir, holder: 'pid' in holder ? holder.pid : undefined }, 'index build lock still held; building without it');
      return unlocked(true);
    }
    waited = true;
    await sleep(pollMs);
  }
}

/** Runs `fn` holding the lock (or without it, see above), and always releases it. */
export async function withIndexLock<T>(dir: string, fn: (lock: { waited: boolean }) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireIndexLock(dir, options);
  try {
    return await fn({ waited: lock.waited });
  } finally {
    await lock.release();
  }
}

type Holder = (LockContent & { mtimeMs: number }) | { mtimeMs: number; empty: true } | 'gone';

async function readHolder(file: string): Promise<Holder> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    try {
      const parsed = JSON.parse(text) as LockContent;
      if (typeof parsed.pid === 'number' && typeof parsed.createdAt === 'number') return { ...parsed, mtimeMs: info.mtimeMs };
    } catch {
      // Written by a process between open and write, or cut short by a crash.
    }
    return { mtimeMs: info.mtimeMs, empty: true };
  } catch {
    return 'gone';
  }
}

function isStale(holder: Exclude<Holder, 'gone'>, staleMs: number): boolean {
  if ('empty' in holder) return Date.now() - holder.mtimeMs > EMPTY_GRACE_MS;
  if (Date.now() - holder.createdAt > staleMs) return true;
  // A pid can only be checked on the machine that wrote it (an index on a shared disk).
  return holder.host === hostname() && !isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Moves a stale lock aside before deleting it, so two processes breaking it don't collide. */
async function breakLock(file: string): Promise<void> {
  const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
    await rm(aside, { force: true });
  } catch {
    // Someone else broke it first.
  }
}

async function release(file: string, token: string): Promise<void> {
  try {
    const current = JSON.parse(await readFile(file, 'utf8')) as LockContent;
    // Only our own lock: a holder that ran past `staleMs` may have had its lock broken and retaken.
    if (current.token === token) await rm(file, { force: true });
  } catch {
    // Already gone.
  }
}
