/** Per-person sliding-window limit: at most `questions` in any `seconds`. */
export interface Cooldown {
  /**
   * Counts a question now under `limit` (each server sets its own), or says when the next one is
   * allowed (ms since the epoch). `key` is the person in a place (`guildId:userId`).
   */
  take(key: string, limit: CooldownLimit): { ok: true } | { ok: false; retryAt: number };
}

export interface CooldownLimit {
  questions: number;
  seconds: number;
}

const SWEEP_EVERY = 500;
/** Kept at most this long: the longest window /settings allows. */
const MAX_WINDOW_MS = 86_400_000;

export function createCooldown(now: () => number = Date.now): Cooldown {
  const seen = new Map<string, number[]>();
  let calls = 0;
  const live = (times: number[], t: number, windowMs: number) => times.filter((x) => t - x < windowMs);
  return {
    take(key, limit) {
      const t = now();
      const windowMs = limit.seconds * 1000;
      // Forget idle people now and then so the map stays as small as the active crowd.
      if (++calls % SWEEP_EVERY === 0) for (const [id, times] of seen) if (live(times, t, MAX_WINDOW_MS).length === 0) seen.delete(id);
      const times = live(seen.get(key) ?? [], t, windowMs);
      if (times.length >= limit.questions) {
        seen.set(key, times);
        return { ok: false, retryAt: times[times.length - limit.questions]! + windowMs };
      }
      times.push(t);
      seen.set(key, times);
      return { ok: true };
    },
  };
}

/** The cooldown key: limits count per server (and DMs apart). */
export const cooldownKey = (userId: string, guildId?: string) => `${guildId ?? 'dm'}:${userId}`;
