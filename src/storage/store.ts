/**
 * What footnote keeps between restarts, as a small async interface: the bot and the reports use
 * only this, so a server database can replace the SQLite file (src/storage/sqlite/) later
 * without touching them. Every method is async for that reason, although SQLite answers at once.
 */
import type { AskResult, Citation } from '../domain/types.js';
import type { ArticleStore } from './article-store.js';
import type { GuildSettings, GuildSettingsPatch } from './guild-settings.js';

/** An answer as shown to people, kept so feedback buttons and follow-ups can refer to it by id. */
export interface AnswerRecord {
  id: string;
  /** ISO 8601. */
  time: string;
  question: string;
  answer: string;
  answerable: boolean;
  citations: Citation[];
  mode: AskResult['mode'];
  model?: string;
  note?: string;
  guildId?: string;
  channelId?: string;
}

/** Where an answer was given (Discord ids); empty for the shell. */
export interface AnswerPlace {
  guildId?: string;
  channelId?: string;
}

export interface AnswerStore {
  add(result: AskResult, place?: AnswerPlace): Promise<AnswerRecord>;
  get(id: string): Promise<AnswerRecord | undefined>;
  /**
   * Deletes answers given before `before`, except those someone voted on: feedback reports are
   * about them. Returns how many were deleted.
   */
  prune(before: Date): Promise<number>;
}

export type Vote = 'up' | 'down';

/**
 * One person's vote on one answer, with the answer it is about. The shape is what
 * `npm run eval -- --export-feedback` reads (src/eval/feedback-export.ts).
 */
export interface FeedbackEntry {
  /** When the vote was last changed (ISO 8601). */
  time: string;
  vote: Vote;
  userId: string;
  question: string;
  answer: string;
  answerable: boolean;
  citations: Citation[];
  answerId: string;
  mode: AnswerRecord['mode'];
  guildId?: string;
  channelId?: string;
}

export interface FeedbackStore {
  /** One vote per person per answer: a new vote replaces the old one. Resolves with the previous vote. */
  vote(input: { answerId: string; userId: string; vote: Vote; guildId?: string; channelId?: string }): Promise<{ previous?: Vote }>;
  /** Every current vote with its answer, oldest first. */
  entries(): Promise<FeedbackEntry[]>;
}

/** Per-server settings: only what a server changed is stored; the rest comes from the environment. */
export interface SettingsStore {
  /** The server's stored overrides ({} when it changed nothing). */
  get(guildId: string): Promise<GuildSettings>;
  /** Every server that changed something, with its overrides. */
  all(): Promise<Map<string, GuildSettings>>;
  /** Applies a change (`null` resets a setting to the default) and resolves with the new overrides. */
  update(guildId: string, patch: GuildSettingsPatch, by?: string): Promise<GuildSettings>;
}

export interface Store {
  answers: AnswerStore;
  feedback: FeedbackStore;
  settings: SettingsStore;
  /** Each server's uploaded articles and its current one. */
  articles: ArticleStore;
  /** Idempotent. */
  close(): Promise<void>;
}
