import PQueue from 'p-queue';
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

/** The queue is full: the flows show it as a short-lived (messages) or private (commands) notice. */
export class BusyError extends UserError {
  constructor() {
    super(BUSY_MESSAGE);
  }
}

/**
 * A burst queues here instead of running every retrieval and model call at once. Beyond
 * `maxWaiting` the newcomer is told to come back (Discord gives a deferred reply 15 minutes).
 * p-queue keeps the order and the bound; the waiting room is ours.
 */
export function createLimiter(max: number, maxWaiting = 100): Limiter {
  const queue = new PQueue({ concurrency: max });
  const full = () => queue.pending >= max && queue.size >= maxWaiting;
  return {
    get active() {
      return queue.pending;
    },
    get waiting() {
      return queue.size;
    },
    get full() {
      return full();
    },
    run: (task) => (full() ? Promise.reject(new BusyError()) : queue.add(task)),
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
