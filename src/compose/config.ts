import path from 'node:path';
import { z } from 'zod';
import type { FootnoteSettings } from '../app/footnote.js';
import type { EmbeddingsSettings } from '../embeddings/factory.js';
import { NOTICE_LANGUAGES, THREAD_MODES, type ServerSettings } from '../storage/guild-settings.js';

/** Empty strings (as left by a copied .env.example) mean "not set". */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const withDefault = <T extends z.ZodTypeAny>(schema: T, value: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? value : v), schema);
const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => ['true', '1', 'yes'].includes(v));
const snowflake = z.string().regex(/^\d{15,21}$/, 'must be a Discord id (digits)');
const idList = z.string().transform((v, ctx) => {
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) if (!/^\d{15,21}$/.test(id)) ctx.addIssue({ code: 'custom', message: `"${id}" is not a Discord id` });
  return ids;
});

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const envSchema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: z.preprocess((v) => (v === '' ? undefined : v), snowflake.optional()),
  DISCORD_GUILD_ID: z.preprocess((v) => (v === '' ? undefined : v), snowflake.optional()),
  DISCORD_API_URL: withDefault(z.string().url(), 'https://discord.com/api'),
  DISCORD_SHARDS: withDefault(
    // discord.js refuses fewer than one shard, but only after start-up: refuse 0 here, with the other bad keys.
    z.union([z.literal('auto'), z.literal('off'), z.string().regex(/^0*[1-9]\d*$/, 'must be auto, off or a number of shards (1 or more)')]),
    'off',
  ),
  ALLOWED_CHANNEL_IDS: withDefault(idList, ''),
  ALLOW_DMS: withDefault(bool, 'false'),
  THREAD_MODE: withDefault(z.enum(THREAD_MODES), 'questions'),
  SUMMARY_ROLE_ID: z.preprocess((v) => (v === '' ? undefined : v), snowflake.optional()),
  NOTICE_LANGUAGE: withDefault(z.enum(NOTICE_LANGUAGES), 'en'),
  DISCORD_MESSAGE_CONTENT: withDefault(z.enum(['auto', 'off']), 'auto'),
  COOLDOWN_QUESTIONS: withDefault(positiveInt, '5'),
  COOLDOWN_SECONDS: withDefault(positiveInt, '60'),
  MAX_CONCURRENT_ANSWERS: withDefault(positiveInt, '4'),
  EVAL_ROLE_ID: z.preprocess((v) => (v === '' ? undefined : v), snowflake.optional()),
  ARTICLE_ROLE_ID: z.preprocess((v) => (v === '' ? undefined : v), snowflake.optional()),
  ARTICLE_CACHE_SIZE: withDefault(z.coerce.number().int().min(1).max(10_000), '32'),
  CORPUS_DIR: withDefault(z.string(), 'corpus'),
  DATA_DIR: withDefault(z.string(), 'data'),
  ANSWER_RETENTION_DAYS: withDefault(positiveInt.max(3650), '30'),
  INDEX_DIR: optionalString,
  CACHE_DIR: optionalString,
  MAX_QUESTION_CHARS: withDefault(positiveInt.max(4000), '1000'),
  ANSWER_CACHE_SIZE: withDefault(z.coerce.number().int().min(0).max(1_000_000), '1000'),
  LOG_LEVEL: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LOG_LEVELS).optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional()),
  OPENAI_MODEL: withDefault(z.string().min(1), 'gpt-4.1-mini'),
  OPENAI_EMBEDDINGS_MODEL: withDefault(z.string().min(1), 'text-embedding-3-small'),
  EMBEDDINGS_PROVIDER: withDefault(z.enum(['local', 'openai']), 'local'),
  LLM_TIMEOUT_MS: withDefault(positiveInt, '20000'),
  LLM_MAX_RETRIES: withDefault(z.coerce.number().int().min(0).max(5), '1'),
  OPENAI_STRUCTURED: withDefault(bool, 'false'),
});

export type Env = z.infer<typeof envSchema>;

/** Every setting the schema reads: the list `.env.example` and the README's table must cover. */
export const SETTING_KEYS = Object.keys(envSchema.shape) as ReadonlyArray<keyof Env>;

/** Validated settings for the whole process; built once at start and passed down. */
export interface Config {
  corpusDir: string;
  dataDir: string;
  indexDir: string;
  cacheDir: string;
  maxQuestionChars: number;
  /** Answers kept for repeated questions; 0 turns the cache off. */
  answerCacheSize: number;
  /** Uploaded articles' indexes kept loaded (LRU). */
  articleCacheSize: number;
  /** LOG_LEVEL when set; otherwise each entry point picks its default (the CLI is quiet, the bot is not). */
  logLevel?: LogLevel;
  embeddings: { provider: 'local' | 'openai'; model: string };
  /** Present when a model is configured (a key or a base URL). */
  llm?: { apiKey?: string; baseUrl?: string; model: string; timeoutMs: number; maxRetries: number; structured: boolean };
  discord: {
    token?: string;
    appId?: string;
    guildId?: string;
    apiUrl: string;
    shards: 'off' | 'auto' | number;
    allowedChannelIds: string[];
    /** Answer every direct message (else only members of servers that allow it in /settings). */
    allowDms: boolean;
    threadMode: ServerSettings['threadMode'];
    summaryRoleId?: string;
    noticeLanguage: ServerSettings['language'];
    /** `auto`: ask for the Message Content intent and fall back without it; `off`: never ask. */
    messageContent: 'auto' | 'off';
    cooldown: { questions: number; seconds: number };
    maxConcurrentAnswers: number;
    evalRoleId?: string;
    /** Answers older than this are deleted from the database, unless someone voted on them. */
    answerRetentionDays: number;
    /** Role allowed to run /article besides Manage Server. */
    articleRoleId?: string;
  };
}

/** Thrown with every bad key listed at once. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export interface ConfigOverrides {
  corpusDir?: string;
  indexDir?: string;
}

export function loadConfig(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Values are never echoed: some keys are secrets.
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  if (e.EMBEDDINGS_PROVIDER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) {
    throw new ConfigError(['EMBEDDINGS_PROVIDER: "openai" needs OPENAI_API_KEY or OPENAI_BASE_URL']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const config: Config = {
    corpusDir: path.resolve(overrides.corpusDir ?? e.CORPUS_DIR),
    dataDir,
    indexDir: path.resolve(overrides.indexDir ?? e.INDEX_DIR ?? path.join(dataDir, 'index')),
    cacheDir: path.resolve(e.CACHE_DIR ?? path.join(dataDir, 'cache')),
    maxQuestionChars: e.MAX_QUESTION_CHARS,
    answerCacheSize: e.ANSWER_CACHE_SIZE,
    articleCacheSize: e.ARTICLE_CACHE_SIZE,
    embeddings: { provider: e.EMBEDDINGS_PROVIDER, model: e.EMBEDDINGS_PROVIDER === 'openai' ? e.OPENAI_EMBEDDINGS_MODEL : 'local' },
    discord: {
      apiUrl: e.DISCORD_API_URL,
      shards: e.DISCORD_SHARDS === 'off' || e.DISCORD_SHARDS === 'auto' ? e.DISCORD_SHARDS : Number(e.DISCORD_SHARDS),
      allowedChannelIds: e.ALLOWED_CHANNEL_IDS,
      allowDms: e.ALLOW_DMS,
      threadMode: e.THREAD_MODE,
      noticeLanguage: e.NOTICE_LANGUAGE,
      messageContent: e.DISCORD_MESSAGE_CONTENT,
      cooldown: { questions: e.COOLDOWN_QUESTIONS, seconds: e.COOLDOWN_SECONDS },
      maxConcurrentAnswers: e.MAX_CONCURRENT_ANSWERS,
      answerRetentionDays: e.ANSWER_RETENTION_DAYS,
    },
  };
  if (e.LOG_LEVEL) config.logLevel = e.LOG_LEVEL;
  if (e.DISCORD_TOKEN) config.discord.token = e.DISCORD_TOKEN;
  if (e.DISCORD_APP_ID) config.discord.appId = e.DISCORD_APP_ID;
  if (e.DISCORD_GUILD_ID) config.discord.guildId = e.DISCORD_GUILD_ID;
  if (e.EVAL_ROLE_ID) config.discord.evalRoleId = e.EVAL_ROLE_ID;
  if (e.ARTICLE_ROLE_ID) config.discord.articleRoleId = e.ARTICLE_ROLE_ID;
  if (e.SUMMARY_ROLE_ID) config.discord.summaryRoleId = e.SUMMARY_ROLE_ID;
  if (e.OPENAI_API_KEY || e.OPENAI_BASE_URL) {
    config.llm = { model: e.OPENAI_MODEL, timeoutMs: e.LLM_TIMEOUT_MS, maxRetries: e.LLM_MAX_RETRIES, structured: e.OPENAI_STRUCTURED };
    if (e.OPENAI_API_KEY) config.llm.apiKey = e.OPENAI_API_KEY;
    if (e.OPENAI_BASE_URL) config.llm.baseUrl = e.OPENAI_BASE_URL;
  }
  return config;
}

/** The slice of config the embeddings need (no Discord settings, no chat model). */
export function embeddingsSettingsOf(config: Config): EmbeddingsSettings {
  const remote = config.embeddings.provider === 'openai' && config.llm ? { ...config.llm, model: config.embeddings.model } : undefined;
  return { cacheDir: config.cacheDir, ...(remote ? { remote } : {}) };
}

/** The slice of config the answering app needs: where things are and its limits, no secrets it does not use. */
export function footnoteSettingsOf(config: Config): FootnoteSettings {
  return {
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    maxQuestionChars: config.maxQuestionChars,
    answerCacheSize: config.answerCacheSize,
    embeddings: embeddingsSettingsOf(config),
  };
}

/** A server's settings before its moderators change anything: the environment's values. */
export function serverDefaultsOf(config: Config): ServerSettings {
  const d = config.discord;
  return {
    allowedChannelIds: d.allowedChannelIds,
    cooldown: d.cooldown,
    threadMode: d.threadMode,
    summaryRoleId: d.summaryRoleId ?? null,
    articleRoleId: d.articleRoleId ?? null,
    dmPolicy: 'off',
    language: d.noticeLanguage,
  };
}
