import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { commandList } from '../../commands/index.js';
import type { Config } from '../../compose/config.js';
import { UserError } from '../../domain/errors.js';
import type { Footnote } from '../../app/footnote.js';
import type { ArticleIndexes } from '../../app/article-indexes.js';
import { createServerArticles } from '../../app/server-articles.js';
import { createPageFetcher, type PageFetcher } from '../../article/fetch.js';
import { openStore } from '../../storage/index.js';
import type { Logger } from '../../compose/log.js';
import { createCooldown } from './cooldown.js';
import { errorForLog, TOKEN_REJECTED } from './errors.js';
import { createInflight, createLimiter } from './queue.js';
import { attachRouter, NO_PINGS } from './router.js';
import type { ShardSpec } from './shards.js';

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
}

/** A running bot; `stop()` is idempotent. */
export interface BotHandle {
  client: Client<true>;
  stop(): Promise<void>;
}

// Guilds: channels and threads in cache. GuildMessages + MessageContent: @mentions and thread
// follow-ups (privileged: without it Discord sends thread messages with empty content).
// DirectMessages (+ the Channel partial, as DM channels are not cached): questions in DMs.
const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
];

// Every close code after which discord.js stops reconnecting (its UNRECOVERABLE_CLOSE_CODES): a
// bot left running after one of these would stay online and never answer again.
const FATAL_CLOSES: Record<number, string> = {
  4004: TOKEN_REJECTED,
  4010: 'Discord rejected the shard settings (DISCORD_SHARDS).',
  4011: 'Discord requires this bot to shard: set DISCORD_SHARDS=auto.',
  4012: 'Discord rejected the gateway API version.',
  4013: 'Discord rejected the gateway intents.',
  4014: 'The Message Content intent is not enabled for this bot: turn it on under Bot → Privileged Gateway Intents in the developer portal.',
};

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
  let closing = false;

  const client = new Client({
    intents: INTENTS,
    partials: [Partials.Channel],
    allowedMentions: NO_PINGS,
    rest: { api: config.discord.apiUrl },
    ...(options.shard ? { shards: [options.shard.id], shardCount: options.shard.count } : {}),
    ...options.client,
  });
  // Every server's articles live in the shared database, so any shard can serve them.
  const articles = articleIndexes ? createServerArticles({ store: store.articles, indexes: articleIndexes, shipped: footnote }) : undefined;
  attachRouter(client, {
    footnote,
    ...(articles ? { articles } : {}),
    fetchPage: options.fetchPage ?? createPageFetcher(),
    config,
    log,
    secrets,
    answers: store.answers,
    feedback: store.feedback,
    commands: commandList(),
    cooldown: createCooldown(config.discord.cooldown),
    limiter: createLimiter(config.discord.maxConcurrentAnswers),
    isClosing: () => closing,
    shutdownSignal: shutdown.signal,
    streamIntervalMs: options.streamIntervalMs ?? 1000,
    track: (work) => inflight.track(work),
  });

  let rejectStart: ((error: Error) => void) | undefined;
  const fatal = (error: Error) => {
    if (closing) return;
    log.fatal({ err: errorForLog(error, secrets) }, 'Discord connection lost for good');
    if (rejectStart) rejectStart(error);
    else options.onFatal?.(error);
  };
  client.on(Events.Error, (error) => log.error({ err: errorForLog(error, secrets) }, 'discord.js error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord.js warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const reason = FATAL_CLOSES[event.code];
    if (reason) fatal(new UserError(reason));
    else log.warn({ shardId, code: event.code }, 'shard disconnected');
  });
  client.on(Events.ShardReconnecting, (shardId) => log.info({ shardId }, 'shard reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => log.info({ shardId, replayed }, 'shard resumed'));

  try {
    await new Promise<void>((resolve, reject) => {
      rejectStart = reject;
      client.once(Events.ClientReady, () => resolve());
      client.login(token).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        reject(code === 'TokenInvalid' ? new UserError(TOKEN_REJECTED) : error);
      });
    });
  } catch (error) {
    closing = true;
    clearInterval(pruning);
    await client.destroy();
    await store.close();
    throw error;
  } finally {
    rejectStart = undefined;
  }

  let stopping: Promise<void> | undefined;
  return {
    client: client as Client<true>,
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
        await client.destroy();
        clearInterval(pruning);
        await store.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
