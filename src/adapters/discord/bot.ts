import { DiscordAPIError, Routes, type Client, type ClientOptions } from 'discord.js';
import { commandList } from '../../commands/index.js';
import { serverDefaultsOf, type Config } from '../../compose/config.js';
import { UserError } from '../../domain/errors.js';
import type { Footnote } from '../../app/footnote.js';
import type { ArticleIndexes } from '../../app/article-indexes.js';
import { createServerArticles } from '../../app/server-articles.js';
import { createPageFetcher, type PageFetcher } from '../../article/fetch.js';
import { openStore } from '../../storage/index.js';
import type { Logger } from '../../compose/log.js';
import { createCooldown } from './cooldown.js';
import { errorForLog } from './errors.js';
import { connect, ContentIntentDenied, SLASH_AND_MENTION_WARNING } from './gateway-session.js';
import { createInflight, createLimiter } from './queue.js';
import { attachRouter, type RouterDeps } from './router.js';
import { createServerPolicy } from './server-policy.js';
import type { ShardSpec } from './shards.js';
import { createTransients } from './transient.js';

export interface BotDeps {
  config: Config;
  log: Logger;
  footnote: Footnote;
  /** Indexes of uploaded articles (built by compose); without them /article is unavailable. */
  articleIndexes?: ArticleIndexes;
}

export interface BotOptions {
  /** How long stop() waits for answers in flight before giving up on them. Default 10 s. */
  graceMs?: number;
  /** Minimum time between streaming edits in LLM mode. Default 1 s. */
  streamIntervalMs?: number;
  /** Extra discord.js options (tests: a fast identify throttler). */
  client?: Partial<ClientOptions>;
  /** Called once if the gateway session ends for good (bad token, disallowed intents). */
  onFatal?(error: Error): void;
  /** Run just this shard (a process under the ShardingManager); default one unsharded session. */
  shard?: ShardSpec;
  /**
   * The fetcher for `/article url`. Default: the safe fetcher with no exceptions. Only code can
   * pass another (tests, to reach their loopback page server).
   */
  fetchPage?: PageFetcher;
  /** How long a notice answering a message (cooldown, busy) stays before it is deleted. Default 8 s. */
  noticeTtlMs?: number;
}

/** A running bot; `stop()` is idempotent. */
export interface BotHandle {
  /** The current client (a new one after falling back to slash-and-mention mode). */
  readonly client: Client<true>;
  /** False in slash-and-mention mode (no Message Content intent). */
  readonly messageContent: boolean;
  stop(): Promise<void>;
}

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

/** Logs in, wires the router and resolves once the gateway is ready. */
export async function startBot({ config, log, footnote, articleIndexes }: BotDeps, options: BotOptions = {}): Promise<BotHandle> {
  const token = config.discord.token;
  if (!token) throw new UserError('DISCORD_TOKEN is not set.');
  const secrets = [token, config.llm?.apiKey];
  // One database file for every shard process (SQLite in WAL mode serialises their writes).
  const { store, imported } = await openStore(config.dataDir);
  for (const report of imported) log.info(report, 'imported an answer/feedback log of an earlier version');
  const prune = () =>
    store.answers
      .prune(new Date(Date.now() - config.discord.answerRetentionDays * DAY_MS))
      .then((n) => n > 0 && log.info({ deleted: n, days: config.discord.answerRetentionDays }, 'old answers deleted'))
      .catch((error: unknown) => log.error({ err: errorForLog(error, secrets) }, 'could not delete old answers'));
  await prune();
  const pruning = setInterval(() => void prune(), PRUNE_EVERY_MS);
  pruning.unref();
  const inflight = createInflight();
  const shutdown = new AbortController();
  const transients = createTransients(options.noticeTtlMs ?? 8000);
  let closing = false;
  let messageContent = config.discord.messageContent === 'auto';
  let client: Client | undefined;

  // Every server's articles live in the shared database, so any shard can serve them.
  const articles = articleIndexes ? createServerArticles({ store: store.articles, indexes: articleIndexes, shipped: footnote }) : undefined;
  const deps: RouterDeps = {
    footnote,
    ...(articles ? { articles } : {}),
    fetchPage: options.fetchPage ?? createPageFetcher(),
    config,
    log,
    secrets,
    answers: store.answers,
    feedback: store.feedback,
    settingsStore: store.settings,
    policy: createServerPolicy({
      store: store.settings,
      defaults: serverDefaultsOf(config),
      allowAllDms: config.discord.allowDms,
      isMember: (guildId, userId) => isMember(client, guildId, userId),
    }),
    transients,
    messageContent: () => messageContent,
    commands: commandList({ maxQuestionChars: config.maxQuestionChars }),
    cooldown: createCooldown(),
    limiter: createLimiter(config.discord.maxConcurrentAnswers),
    isClosing: () => closing,
    shutdownSignal: shutdown.signal,
    streamIntervalMs: options.streamIntervalMs ?? 1000,
    track: (work) => inflight.track(work),
  };
  const session = () =>
    connect({
      token,
      log,
      secrets,
      messageContent,
      clientOptions: {
        rest: { api: config.discord.apiUrl },
        ...(options.shard ? { shards: [options.shard.id], shardCount: options.shard.count } : {}),
        ...options.client,
      },
      attach: (c) => attachRouter(c, deps),
      onLost: (error, lostClient) => void lose(error, lostClient),
    });
  const fatal = (error: Error) => {
    if (closing) return;
    log.fatal({ err: errorForLog(error, secrets) }, 'Discord connection lost for good');
    options.onFatal?.(error);
  };
  /** Without the Message Content intent: reconnect in slash-and-mention mode rather than stop. */
  const withoutContent = async () => {
    messageContent = false;
    log.warn(SLASH_AND_MENTION_WARNING);
    return session();
  };
  const lose = async (error: Error, lostClient: Client) => {
    if (closing || lostClient !== client) return;
    if (!(error instanceof ContentIntentDenied)) return fatal(error);
    // The intent was withdrawn while running (it is re-checked when Discord asks to reconnect).
    await lostClient.destroy();
    try {
      client = await withoutContent();
    } catch (e) {
      fatal(e as Error);
    }
  };

  try {
    if (!messageContent) log.warn(SLASH_AND_MENTION_WARNING);
    client = await session().catch((error: unknown) => {
      if (error instanceof ContentIntentDenied) return withoutContent();
      throw error;
    });
  } catch (error) {
    closing = true;
    clearInterval(pruning);
    await store.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    get client() {
      return client as Client<true>;
    },
    get messageContent() {
      return messageContent;
    },
    stop() {
      stopping ??= (async () => {
        closing = true;
        const graceMs = options.graceMs ?? 10_000;
        log.info({ inFlight: inflight.size }, 'stopping: finishing answers in flight');
        if (!(await inflight.idle(graceMs))) {
          log.warn({ inFlight: inflight.size, graceMs }, 'answers still in flight after the grace period; abandoning them');
          shutdown.abort(new Error('shutting down'));
          await inflight.idle(2000);
        }
        await transients.flush();
        await client?.destroy();
        clearInterval(pruning);
        await store.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

/** Is the user a member of the guild? One REST call (GET /guilds/:id/members/:user); false when not, or unknown. */
async function isMember(client: Client | undefined, guildId: string, userId: string): Promise<boolean> {
  if (!client) return false;
  try {
    await client.rest.get(Routes.guildMember(guildId, userId));
    return true;
  } catch (error) {
    // 10007 Unknown Member, 10004 Unknown Guild (the bot left it).
    if (error instanceof DiscordAPIError && (error.code === 10007 || error.code === 10004)) return false;
    throw error;
  }
}
