/**
 * What the flows (commands, mentions, buttons) need from Discord, in our own terms. The router
 * implements these over discord.js objects; the flows never see one, so they read as plain
 * steps and can be driven by tests with simple fakes.
 */
import type { Command, Invoker, OptionValue } from '../../commands/types.js';
import type { Config } from '../../compose/config.js';
import type { Footnote } from '../../app/footnote.js';
import type { ServerArticles } from '../../app/server-articles.js';
import type { PageFetcher } from '../../article/fetch.js';
import type { AnswerStore, FeedbackStore, SettingsStore } from '../../storage/store.js';
import type { Logger } from '../../compose/log.js';
import type { Cooldown } from './cooldown.js';
import type { SeenMessage } from './conversation.js';
import type { ThreadMessage } from './etiquette.js';
import type { Place } from './permissions.js';
import type { Limiter } from './queue.js';
import type { OutgoingMessage } from './render.js';
import type { ServerPolicy } from './server-policy.js';
import type { Transients } from './transient.js';

/** Shared services for every flow; built once by the bot. */
export interface FlowDeps {
  footnote: Footnote;
  /** Each server's articles; questions use the server's current one. Absent: the shipped corpus everywhere. */
  articles?: ServerArticles;
  /** Page fetcher for `/article url` (tests pass one that may reach their loopback server). */
  fetchPage?: PageFetcher;
  config: Config;
  commands: Command[];
  cooldown: Cooldown;
  limiter: Limiter;
  answers: AnswerStore;
  feedback: FeedbackStore;
  settingsStore: SettingsStore;
  /** Per-server settings in force, and who may ask in DMs. */
  policy: ServerPolicy;
  /** Notices answering messages, deleted after a few seconds. */
  transients: Transients;
  /** False while the bot runs without the Message Content intent (slash-and-mention mode). */
  messageContent(): boolean;
  /** Values that must never reach a log line (the bot token). */
  secrets: (string | undefined)[];
  /** True once shutdown began: no new work is taken. */
  isClosing(): boolean;
  /** Aborted when shutdown gives up waiting for answers in flight. */
  shutdownSignal: AbortSignal;
  /** Minimum time between streaming edits (LLM mode). */
  streamIntervalMs: number;
}

/** What the router needs besides the flows' services. */
export interface RouterDeps extends FlowDeps {
  log: Logger;
  /** Registers work in flight so shutdown can wait for it. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** A slash command invocation. */
export interface CommandCall {
  name: string;
  options: Record<string, OptionValue>;
  invoker: Invoker;
  place: Place;
  log: Logger;
  /** Answers at once (callback type 4), for refusals that need no work. */
  reply(message: OutgoingMessage, ephemeral: boolean): Promise<void>;
  /** Acknowledges within Discord's 3 s (callback type 5); visibility is fixed from here on. */
  defer(ephemeral: boolean): Promise<void>;
  /** Replaces the deferred reply. */
  edit(message: OutgoingMessage): Promise<void>;
  followUp(message: OutgoingMessage, ephemeral: boolean): Promise<void>;
  deleteReply(): Promise<void>;
  /** Sends to another channel of the guild (a posted summary); UserError when it cannot. */
  post(channelId: string, message: OutgoingMessage): Promise<void>;
}

/** Somewhere the bot can talk: a thread, a DM, or replies to the question in place. */
export interface Conversation {
  send(message: OutgoingMessage): Promise<void>;
  typing(): Promise<void>;
}

/** Replies to the question where it was asked; notices there are short-lived. */
export interface InPlace extends Conversation {
  /** Sends a notice that is deleted after a few seconds (messages have no private replies). */
  notice(message: OutgoingMessage): Promise<void>;
}

/**
 * A message that may be for the bot: an @mention, a reply to one of its answers, a DM, or any
 * message in a thread it opened (whether to answer that is decided by the thread rule).
 */
export interface MessageQuestion extends ThreadMessage {
  kind: 'mention' | 'reply' | 'thread' | 'dm';
  botId: string;
  invoker: Invoker;
  place: Place;
  log: Logger;
  /** Can a thread be started from this message (a text or announcement channel)? */
  canStartThread: boolean;
  /** For a reply: the answer id on the message replied to, if it is one of ours. */
  repliedAnswerId?: string;
  /** Replies to the question where it was asked. */
  inPlace(): InPlace;
  startThread(name: string): Promise<Conversation>;
  /** The current thread or DM. */
  here(): Conversation;
  /** Recent messages before this one in the thread or DM, newest first. */
  recentMessages(): Promise<SeenMessage[]>;
}

/** A click on one of our buttons. */
export interface ButtonClick {
  customId: string;
  invoker: Invoker;
  place: Place;
  log: Logger;
  reply(message: OutgoingMessage, ephemeral: boolean): Promise<void>;
  followUp(message: OutgoingMessage, ephemeral: boolean): Promise<void>;
}
