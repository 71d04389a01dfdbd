import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Config } from '../compose/config.js';
import type { Footnote } from '../app/footnote.js';
import type { ServerArticles } from '../app/server-articles.js';
import type { PageFetcher } from '../article/fetch.js';
import type { AskResult, Paragraph, SummaryResult, Turn } from '../domain/types.js';
import type { Logger } from '../compose/log.js';
import type { ServerSettings } from '../storage/guild-settings.js';
import type { SettingsStore } from '../storage/store.js';

/** Who is asking, where, and what they may do, in our own terms (no discord.js objects). */
export interface Invoker {
  userId: string;
  guildId?: string;
  channelId?: string;
  /** Resolved by the adapter from the member's permissions; the handler decides. */
  canManageMessages: boolean;
  canManageGuild: boolean;
  roleIds: string[];
}

/** Whether the invoker has the role a server or the environment set for a command (none set: no). */
export function holdsRole(invoker: Pick<Invoker, 'roleIds'>, roleId: string | null | undefined): boolean {
  return !!roleId && invoker.roleIds.includes(roleId);
}

/** A file given to a command (an uploaded attachment in Discord, a path in the shell). */
export interface CommandFile {
  name: string;
  size: number;
  contentType?: string;
  /** Fetches the content (bounded by the adapter). */
  read(): Promise<string>;
  /** Fetches the raw bytes, refusing more than `maxBytes` (uploaded articles: binary files are refused by content). */
  readBytes?(maxBytes: number): Promise<Uint8Array>;
}

/**
 * A channel given to a command, with what the adapter knows about it there: the invoker's
 * permissions in that channel (Discord resolves them per channel) and the bot's own.
 */
export interface CommandChannel {
  kind: 'channel';
  id: string;
  /** The parent channel when it is a thread (allow-lists name channels, not threads). */
  parentId?: string;
  invokerCanManageMessages: boolean;
  /** The bot's permissions it lacks there to post, by their Discord names; empty when none. */
  botMissing: string[];
}

export type OptionValue = string | number | boolean | CommandFile | CommandChannel;

/** The channel option, if `value` is one. */
export function channelOption(value: OptionValue | undefined): CommandChannel | undefined {
  return typeof value === 'object' && 'kind' in value && value.kind === 'channel' ? value : undefined;
}

export interface CommandContext {
  footnote: Footnote;
  config: Config;
  log: Logger;
  invoker: Invoker;
  surface: 'discord' | 'shell';
  history?: Turn[];
  signal?: AbortSignal;
  onToken?: (token: string) => void;
  /** The settings in force where the command runs (Discord); the environment's otherwise. */
  settings?: ServerSettings;
  /** Where /settings stores a server's changes (Discord only). */
  settingsStore?: SettingsStore;
  /** Discord: false when the bot runs without the Message Content intent (slash-and-mention mode). */
  messageContent?: boolean;
  /** Each server's articles (Discord); absent where there are none (the shell). */
  articles?: ServerArticles;
  /** Fetches pages for `/article url` (tests pass one that may reach their loopback server). */
  fetchPage?: PageFetcher;
}

/** What a handler answers; adapters render it for their medium. */
export type Reply =
  | { kind: 'answer'; result: AskResult; ephemeral?: boolean }
  | { kind: 'summary'; summary: SummaryResult; ephemeral?: boolean; postTo?: string }
  | { kind: 'paragraph'; paragraph: Paragraph; title: string; ephemeral?: boolean }
  | {
      kind: 'text';
      text: string;
      ephemeral?: boolean;
      files?: { name: string; content: string }[];
      /**
       * A summary to post in another channel as well (an article change announced), or why it
       * may not be posted there (the /summary post_to rules), said privately.
       */
      announce?: { channelId: string; summary: SummaryResult } | { channelId: string; refused: string };
      /** Our own wording with Discord formatting meant to work (channel mentions, bold); otherwise the text is escaped. */
      formatted?: boolean;
    };

export interface Command {
  /** The Discord definition, plain data checked against the API type. */
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Shell usage line, e.g. "/source N [doc]". */
  usage: string;
  /** Does the shell adapter offer it? (e.g. /eval needs an upload). */
  shell: boolean;
  /**
   * Discord: is the reply private (ephemeral)? Decided from the options alone, before the
   * handler runs, because the router must defer within 3 s and a deferral fixes visibility.
   * Default: public.
   */
  ephemeral?(options: Record<string, OptionValue>): boolean;
  /**
   * Retrieval or generation work: counts toward the per-user cooldown and waits for one of
   * the MAX_CONCURRENT_ANSWERS slots. Cheap lookups (/source, /help) skip both.
   */
  costly?: boolean;
  /**
   * Does the server's current article (or the one its `doc` option names) answer it? Default
   * yes; /article says no, its `doc` option names articles to manage.
   */
  servesArticle?: boolean;
  handle(ctx: CommandContext, options: Record<string, OptionValue>): Promise<Reply>;
}
