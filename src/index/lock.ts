import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * A build lock for an index folder, so two processes that both need a rebuild (two `ingest`
 * runs, or the bot starting while an ingest runs) don't both do the work: the second waits,
 * then usually finds the first one's build and loads it.
 *
 * It saves work; it does not guard correctness. Builds go to private folders and the manifest
 * is switched by an atomic rename, so two writers without the lock still leave a whole index.
 * That is why every failure here (a folder that can't be written, a holder that takes too long,
 * a lock taken over while held) ends in building without the lock, never in waiting forever or
 * failing the build.
 *
 * proper-lockfile holds it: a directory whose mtime the holder refreshes every few seconds, so a
 * holder that died (crash, kill -9, power loss, another machine on a shared disk) leaves a lock
 * that is stale `staleMs` later. The build yields to the event loop often enough for those
 * refreshes: the longest block measured while building and saving an index was 2.8 s for all
 * 233 State of the Union addresses (12 MB, 135 s build, load average 16), against the 10 s
 * a refresh may be late before another process takes the lock over (staleMs − the 5 s refresh).
 */

/** The lock directory inside the index folder. */
export const LOCK_FILE = 'build.lock.d';

export interface LockOptions {
  /** Longest wait for a live holder before building anyway. */
  waitMs?: number;
  /** A lock not refreshed for this long belongs to a holder that died (at least 2000). */
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

const DEFAULTS = { waitMs: 120_000, staleMs: 15_000, pollMs: 100 };
/** How often the holder refreshes the lock's mtime. */
const REFRESH_MS = 5_000;

export async function acquireIndexLock(dir: string, options: LockOptions = {}): Promise<LockHandle> {
  const { waitMs, staleMs, pollMs } = { ...DEFAULTS, ...options };
  const unlocked = (waited: boolean): LockHandle => ({ waited, held: false, release: async () => {} });
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    options.log?.warn({ dir, err: error }, 'cannot create the index folder for its build lock; building without it');
    return unlocked(false);
  }
  // Loaded here, not at the top: a start whose index is up to date never takes the lock, and
  // proper-lockfile (with graceful-fs, which patches fs) would otherwise load on every cold start.
  const { default: lockfile } = await import('proper-lockfile');
  const take = (retries: number) =>
    lockfile.lock(dir, {
      lockfilePath: path.join(dir, LOCK_FILE),
      realpath: false,
      stale: staleMs,
      update: Math.min(REFRESH_MS, staleMs / 2),
      retries: { retries, factor: 1, minTimeout: pollMs, maxTimeout: pollMs },
      // The default throws from a timer, which would end the process over a lock that only saves work.
      onCompromised: (err) => options.log?.warn({ dir, err }, 'index build lock was taken over; building on without it'),
    });
  const held = (release: () => Promise<void>, waited: boolean): LockHandle => ({
    waited,
    held: true,
    // Rejects when the lock was taken over meanwhile: then it is someone else's to release.
    release: () => release().catch(() => undefined),
  });
  // A first try without retries says whether someone else holds it (`waited`, see open.ts).
  try {
    return held(await take(0), false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
      options.log?.warn({ dir, err: error }, 'cannot take the index build lock; building without it');
      return unlocked(false);
    }
  }
  try {
    return held(await take(Math.ceil(waitMs / pollMs)), true);
  } catch (error) {
    const stillHeld = (error as NodeJS.ErrnoException).code === 'ELOCKED';
    options.log?.warn(
      { dir, err: stillHeld ? undefined : error },
      stillHeld ? 'index build lock still held; building without it' : 'cannot take the index build lock; building without it',
    );
    return unlocked(true);
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
