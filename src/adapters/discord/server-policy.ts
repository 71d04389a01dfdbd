/**
 * The settings in force for a server (its /settings overrides on top of the environment's
 * defaults), and whether a person may ask in direct messages.
 */
import { resolveSettings, type ServerSettings } from '../../storage/guild-settings.js';
import type { SettingsStore } from '../../storage/store.js';

export interface ServerPolicy {
  /** The settings for a guild; the defaults for DMs. Read from the database each time (shards see each other's changes). */
  settings(guildId?: string): Promise<ServerSettings>;
  /**
   * DMs are answered when ALLOW_DMS is set, or when the person is a member of a server whose
   * moderators allowed DMs for their members (/settings dms). Off by default.
   */
  dmAllowed(userId: string): Promise<boolean>;
}

export interface ServerPolicyOptions {
  store: SettingsStore;
  defaults: ServerSettings;
  allowAllDms: boolean;
  /** Is the user a member of the guild? (A REST lookup; false when unknown.) */
  isMember(guildId: string, userId: string): Promise<boolean>;
  now?: () => number;
  /** How long a DM decision is remembered. Default 10 minutes. */
  ttlMs?: number;
}

/** At most this many servers are asked about one person: a bound on REST calls per DM. */
const MAX_GUILDS_CHECKED = 25;

export function createServerPolicy(o: ServerPolicyOptions): ServerPolicy {
  const now = o.now ?? Date.now;
  const ttl = o.ttlMs ?? 600_000;
  const decided = new Map<string, { allowed: boolean; until: number }>();
  return {
    async settings(guildId) {
      return guildId ? resolveSettings(o.defaults, await o.store.get(guildId)) : o.defaults;
    },
    async dmAllowed(userId) {
      if (o.allowAllDms) return true;
      const cached = decided.get(userId);
      if (cached && cached.until > now()) return cached.allowed;
      const open = [...(await o.store.all())].filter(([, s]) => s.dmPolicy === 'members').map(([id]) => id);
      let allowed = false;
      for (const guildId of open.slice(0, MAX_GUILDS_CHECKED)) {
        if (await o.isMember(guildId, userId).catch(() => false)) {
          allowed = true;
          break;
        }
      }
      if (decided.size > 10_000) decided.clear();
      decided.set(userId, { allowed, until: now() + ttl });
      return allowed;
    },
  };
}
