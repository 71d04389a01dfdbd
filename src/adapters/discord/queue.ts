import { UserError } from '../../domain/errors.js';

/** Runs at most `max` tasks at once; the rest wait in order. */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
  /** Every slot busy and the waiting line full: a newcomer would be turned away. */
  readonly full: boolean;
}

export const BUSY_MESSAGE = 'I am answering a lot of questions right now; please ask again in a minute.';

/**
 * A burst queues here instead of running every retrieval and model call at once. Beyond
 * `maxWaiting` the newcomer is told to come back (Discord gives a deferred reply 15 minutes).
 */
export function createLimiter(max: number, maxWaiting = 100): Limiter {
  let active = 0;
  const queue: (() => void)[] = [];
  // A finishing task hands its slot straight to the next in line, so a newcomer arriving in
  // between cannot take it and exceed `max`.
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    get full() {
      return active >= max && queue.length >= maxWaiting;
    },
    async run(task) {
      if (active >= max) {
        if (queue.length >= maxWaiting) throw new UserError(BUSY_MESSAGE);
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        active++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}

/** Work in flight (answers being computed or sent), so shutdown can wait for it. */
export interface Inflight {
  track<T>(work: Promise<T>): Promise<T>;
  readonly size: number;
  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInflight(): Inflight {
  const pending = new Set<Promise<unknown>>();
  return {
    get size() {
      return pending.size;
    },
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      pending.add(settled);
      void settled.then(() => pending.delete(settled));
      return work;
    },
    async idle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) return false;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), left)));
        const done = await Promise.race([Promise.all([...pending]).then(() => 'done' as const), timeout]);
        clearTimeout(timer);
        if (done === 'timeout') return pending.size === 0;
      }
      return true;
    },
  };
}
