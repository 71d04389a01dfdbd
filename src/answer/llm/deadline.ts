/**
 * Deadlines for model calls. The SDK timeout only covers the wait for response headers and the
 * retry loop keeps its own clock, so the whole call is raced against an AbortSignal: whatever the
 * server does, control returns by the deadline.
 */

/** A signal that fires after `timeoutMs` or when the caller's signal fires, whichever is first. */
export function deadlineSignal(timeoutMs: number, caller?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return caller ? AbortSignal.any([timeout, caller]) : timeout;
}

function reasonOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** Settles like `promise`, or rejects with the abort reason as soon as `signal` fires. */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  // The losing promise may still reject later (a retry hitting a closed server): keep that quiet.
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(reasonOf(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
