/**
 * Short-lived notices. A cooldown or "busy" notice answering a message is public (messages have
 * no ephemeral replies), so it is deleted after a few seconds instead of staying in the channel.
 * On shutdown the pending ones are deleted at once rather than left behind.
 */
export interface Transients {
  /** Runs `remove` after the delay (or at `flush`); errors (already deleted) are ignored. */
  schedule(remove: () => Promise<unknown>): void;
  /** Removes everything still pending now. */
  flush(): Promise<void>;
  readonly pending: number;
}

export function createTransients(ttlMs: number): Transients {
  const pending = new Map<NodeJS.Timeout, () => Promise<unknown>>();
  const run = (remove: () => Promise<unknown>) => remove().catch(() => undefined);
  return {
    schedule(remove) {
      const timer = setTimeout(() => {
        pending.delete(timer);
        void run(remove);
      }, ttlMs);
      timer.unref();
      pending.set(timer, remove);
    },
    async flush() {
      const all = [...pending];
      pending.clear();
      for (const [timer] of all) clearTimeout(timer);
      await Promise.all(all.map(([, remove]) => run(remove)));
    },
    get pending() {
      return pending.size;
    },
  };
}
