// An append-only list whose entries tests can wait for.

interface Waiter<T> {
  predicate: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class Recorder<T> {
  readonly items: T[] = [];
  private waiters = new Set<Waiter<T>>();

  constructor(
    private readonly label: string,
    private readonly describe: (item: T) => string,
  ) {}

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.waiters]) {
      let hit: boolean;
      try {
        hit = w.predicate(item);
      } catch (err) {
        this.settle(w);
        w.reject(err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      if (hit) {
        this.settle(w);
        w.resolve(item);
      }
    }
  }

  /**
   * Resolves with the first entry (at index >= `from`, already recorded or future) matching `predicate`;
   * rejects after `timeoutMs` with a summary of the last entries.
   */
  waitFor(predicate: (item: T) => boolean, timeoutMs = 5000, from = 0): Promise<T> {
    const found = this.items.slice(from).find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const recent = this.items
            .slice(-15)
            .map((i) => `  ${this.describe(i)}`)
            .join('\n');
          reject(
            new Error(
              `fake-discord: timed out after ${timeoutMs} ms waiting for a matching ${this.label}; last entries:\n${recent || '  (none)'}`,
            ),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Rejects every pending waiter (used by close()). */
  cancelAll(reason: string): void {
    for (const w of [...this.waiters]) {
      this.settle(w);
      w.reject(new Error(`fake-discord: ${reason}`));
    }
  }

  private settle(w: Waiter<T>): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
  }
}
