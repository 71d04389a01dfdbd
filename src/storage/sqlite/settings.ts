import type Database from 'better-sqlite3';
import { applyPatch, type GuildSettings } from '../guild-settings.js';
import type { SettingsStore } from '../store.js';

interface SettingsRow {
  allowed_channel_ids: string | null;
  cooldown_questions: number | null;
  cooldown_seconds: number | null;
  thread_mode: string | null;
  summary_role_id: string | null;
  article_role_id: string | null;
  dm_policy: string | null;
  language: string | null;
}

/** Row → overrides. Values were checked when /settings wrote them. */
function fromRow(r: SettingsRow | undefined): GuildSettings {
  if (!r) return {};
  const out: GuildSettings = {};
  if (r.allowed_channel_ids !== null) out.allowedChannelIds = JSON.parse(r.allowed_channel_ids) as string[];
  if (r.cooldown_questions !== null && r.cooldown_seconds !== null)
    out.cooldown = { questions: r.cooldown_questions, seconds: r.cooldown_seconds };
  if (r.thread_mode !== null) out.threadMode = r.thread_mode as NonNullable<GuildSettings['threadMode']>;
  if (r.summary_role_id !== null) out.summaryRoleId = r.summary_role_id;
  if (r.article_role_id !== null) out.articleRoleId = r.article_role_id;
  if (r.dm_policy !== null) out.dmPolicy = r.dm_policy as NonNullable<GuildSettings['dmPolicy']>;
  if (r.language !== null) out.language = r.language as NonNullable<GuildSettings['language']>;
  return out;
}

function toRow(s: GuildSettings): SettingsRow {
  return {
    allowed_channel_ids: s.allowedChannelIds ? JSON.stringify(s.allowedChannelIds) : null,
    cooldown_questions: s.cooldown?.questions ?? null,
    cooldown_seconds: s.cooldown?.seconds ?? null,
    thread_mode: s.threadMode ?? null,
    summary_role_id: s.summaryRoleId ?? null,
    article_role_id: s.articleRoleId ?? null,
    dm_policy: s.dmPolicy ?? null,
    language: s.language ?? null,
  };
}

export function sqliteSettings(db: Database.Database, now: () => Date): SettingsStore {
  const read = db.prepare('SELECT * FROM guild_settings WHERE guild_id = ?');
  const write = db.prepare(
    `INSERT INTO guild_settings (guild_id, allowed_channel_ids, cooldown_questions, cooldown_seconds, thread_mode, summary_role_id,
       article_role_id, dm_policy, language, updated_at, updated_by)
     VALUES (@guild_id, @allowed_channel_ids, @cooldown_questions, @cooldown_seconds, @thread_mode, @summary_role_id,
       @article_role_id, @dm_policy, @language, @updated_at, @updated_by)
     ON CONFLICT (guild_id) DO UPDATE SET allowed_channel_ids = excluded.allowed_channel_ids,
       cooldown_questions = excluded.cooldown_questions, cooldown_seconds = excluded.cooldown_seconds,
       thread_mode = excluded.thread_mode, summary_role_id = excluded.summary_role_id,
       article_role_id = excluded.article_role_id, dm_policy = excluded.dm_policy,
       language = excluded.language, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const all = db.prepare('SELECT * FROM guild_settings ORDER BY guild_id');
  const get = (guildId: string) => fromRow(read.get(guildId) as SettingsRow | undefined);
  return {
    async all() {
      return new Map((all.all() as (SettingsRow & { guild_id: string })[]).map((r) => [r.guild_id, fromRow(r)]));
    },
    async get(guildId) {
      return get(guildId);
    },
    async update(guildId, patch, by) {
      // Read-modify-write in one IMMEDIATE transaction: two moderators on two shards never lose a change.
      return db
        .transaction(() => {
          const next = applyPatch(get(guildId), patch);
          write.run({ guild_id: guildId, ...toRow(next), updated_at: now().getTime(), updated_by: by ?? null });
          return next;
        })
        .immediate();
    },
  };
}
