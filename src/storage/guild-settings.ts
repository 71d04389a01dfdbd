/**
 * Per-server settings. A server stores only what its moderators changed with /settings; every
 * other value is the process-wide default from the environment. `resolveSettings` merges the two.
 *
 * Adding a setting: a field here (both interfaces and SETTING_KEYS), a column in a new migration
 * (src/storage/sqlite/migrations.ts) and its entry in src/storage/sqlite/settings.ts.
 */

/** Which messages in a thread the bot opened get an answer. */
export const THREAD_MODES = ['questions', 'all', 'mentions'] as const;
export type ThreadMode = (typeof THREAD_MODES)[number];

/** `members`: members of this server may ask footnote in direct messages. */
export const DM_POLICIES = ['off', 'members'] as const;
export type DmPolicy = (typeof DM_POLICIES)[number];

/** Languages of the bot's notices (refusals, cooldowns); answers keep the article's language. */
export const NOTICE_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

export interface Cooldown {
  questions: number;
  seconds: number;
}

/** The settings in force for one server. */
export interface ServerSettings {
  /** Channels footnote answers in (threads count as their parent); empty = everywhere. */
  allowedChannelIds: string[];
  cooldown: Cooldown;
  threadMode: ThreadMode;
  /** A role whose members may post summaries (besides Manage Messages); null = none. */
  summaryRoleId: string | null;
  /** A role whose members may change the article with /article (besides Manage Server); null = none. */
  articleRoleId: string | null;
  dmPolicy: DmPolicy;
  language: NoticeLanguage;
}

/** What a server stored: any subset of the settings. */
export type GuildSettings = Partial<ServerSettings>;

/** A change: a value sets a setting, `null` resets it to the default. */
export type GuildSettingsPatch = { [K in keyof ServerSettings]?: ServerSettings[K] | null };

export const SETTING_KEYS = [
  'allowedChannelIds',
  'cooldown',
  'threadMode',
  'summaryRoleId',
  'articleRoleId',
  'dmPolicy',
  'language',
] as const satisfies readonly (keyof ServerSettings)[];

export function resolveSettings(defaults: ServerSettings, stored: GuildSettings): ServerSettings {
  const out = { ...defaults };
  for (const key of SETTING_KEYS) if (stored[key] !== undefined) Object.assign(out, { [key]: stored[key] });
  return out;
}

/** The overrides after a patch: `null` deletes, `undefined` keeps. */
export function applyPatch(stored: GuildSettings, patch: GuildSettingsPatch): GuildSettings {
  const out: GuildSettings = { ...stored };
  for (const key of SETTING_KEYS) {
    const value = patch[key];
    if (value === null) delete out[key];
    else if (value !== undefined) Object.assign(out, { [key]: value });
  }
  return out;
}
