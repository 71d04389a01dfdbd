/** Per-user sliding-window limit: at most `questions` in any `seconds`. */
export interface Cooldown {
  /** Counts a question now, or says when the next one is allowed (ms since the epoch). */
  take(userId: string): { ok: true } | { ok: false; retryAt: number };
}

const SWEEP_EVERY = 500;

export function createCooldown(limit: { questions: number; seconds: number }, now: () => number = Date.now): Cooldown {
  const windowMs = limit.seconds * 1000;
  const seen = new Map<string, number[]>();
  let calls = 0;
  const live = (times: number[], t: number) => times.filter((x) => t - x < windowMs);
  return {
    take(userId) {
      const t = now();
      // Forget idle users now and then so the map stays as small as the active crowd.
      if (++calls % SWEEP_EVERY === 0) for (const [id, times] of seen) if (live(times, t).length === 0) seen.delete(id);
      const times = live(seen.get(userId) ?? [], t);
      if (times.length >= limit.questions) {
        seen.set(userId, times);
        return { ok: false, retryAt: times[0]! + windowMs };
      }
      times.push(t);
      seen.set(userId, times);
      return { ok: true };
    },
  };
}
