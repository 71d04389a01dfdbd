/**
 * One discord.js client logged in with a set of intents, and what the gateway's close codes
 * mean for it. 4014 (a privileged intent not granted) is reported apart: the bot can carry on
 * without the Message Content intent, so the caller reconnects without it instead of dying.
 */
import { Client, Events, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import { UserError } from '../../domain/errors.js';
import type { Logger } from '../../compose/log.js';
import { errorForLog, TOKEN_REJECTED } from './errors.js';
import { NO_PINGS } from './router.js';

// Guilds: channels and threads in cache. GuildMessages: @mentions and thread follow-ups;
// MessageContent (privileged) lets the bot read follow-ups that do not mention it.
// DirectMessages (+ the Channel partial, as DM channels are not cached): questions in DMs.
export function intentsFor(messageContent: boolean): GatewayIntentBits[] {
  return [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
    GatewayIntentBits.DirectMessages,
  ];
}

/** The close code of a missing privileged intent. */
export const DISALLOWED_INTENTS = 4014;

// Every other close code after which discord.js stops reconnecting (its UNRECOVERABLE_CLOSE_CODES):
// a bot left running after one of these would stay online and never answer again.
const FATAL_CLOSES: Record<number, string> = {
  4004: TOKEN_REJECTED,
  4010: 'Discord rejected the shard settings (DISCORD_SHARDS).',
  4011: 'Discord requires this bot to shard: set DISCORD_SHARDS=auto.',
  4012: 'Discord rejected the gateway API version.',
  4013: 'Discord rejected the gateway intents.',
  4014: 'Discord rejected a privileged gateway intent this bot asked for.',
};

/** Thrown by `connect` when Discord refuses the Message Content intent (close 4014). */
export class ContentIntentDenied extends Error {
  override readonly name = 'ContentIntentDenied';
}

export interface SessionOptions {
  token: string;
  log: Logger;
  secrets: (string | undefined)[];
  messageContent: boolean;
  clientOptions: Partial<ClientOptions>;
  /** Wires the router before login, so no event is missed. */
  attach(client: Client): void;
  /** After ready: the session ended for good (or the intent was withdrawn, as ContentIntentDenied). */
  onLost(error: Error, client: Client): void;
}

/** Logs in and resolves once ready; rejects (client destroyed) on a fatal close or a bad token. */
export async function connect(o: SessionOptions): Promise<Client> {
  const client = new Client({
    intents: intentsFor(o.messageContent),
    partials: [Partials.Channel],
    allowedMentions: NO_PINGS,
    ...o.clientOptions,
  });
  o.attach(client);
  let rejectStart: ((error: Error) => void) | undefined;
  const lost = (error: Error) => (rejectStart ? rejectStart(error) : o.onLost(error, client));
  client.on(Events.Error, (error) => o.log.error({ err: errorForLog(error, o.secrets) }, 'discord.js error'));
  client.on(Events.Warn, (message) => o.log.warn({ message }, 'discord.js warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => {
    if (event.code === DISALLOWED_INTENTS && o.messageContent) return lost(new ContentIntentDenied('Message Content intent not granted'));
    const reason = FATAL_CLOSES[event.code];
    if (reason) lost(new UserError(reason));
    else o.log.warn({ shardId, code: event.code }, 'shard disconnected');
  });
  client.on(Events.ShardReconnecting, (shardId) => o.log.info({ shardId }, 'shard reconnecting'));
  client.on(Events.ShardResume, (shardId, replayed) => o.log.info({ shardId, replayed }, 'shard resumed'));
  try {
    await new Promise<void>((resolve, reject) => {
      rejectStart = reject;
      client.once(Events.ClientReady, () => resolve());
      client.login(o.token).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        reject(code === 'TokenInvalid' ? new UserError(TOKEN_REJECTED) : error);
      });
    });
    return client;
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    rejectStart = undefined;
  }
}

/** Said once when the bot runs without the Message Content intent. */
export const SLASH_AND_MENTION_WARNING =
  'The Message Content intent is not enabled for this bot, so footnote runs in slash-and-mention mode: slash commands, ' +
  '@mentions, replies to its answers and "Ask footnote" work, but follow-ups in its threads need a mention. To answer them ' +
  'without one, turn on Message Content under Bot → Privileged Gateway Intents in the developer portal and restart.';
