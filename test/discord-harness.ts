// Starts footnote's Discord bot through runDiscord (the `npm start` path) against the loopback fake.
import { runDiscord, type RunDiscordOptions } from '../src/adapters/discord/run.js';
import { loadConfig } from '../src/compose/config.js';
import type { BotHandle } from '../src/adapters/discord/bot.js';
import {
  noIdentifyThrottle,
  snowflake,
  startFakeDiscord,
  type FakeDiscord,
  type FakeDiscordOptions,
  type RecordedRequest,
} from '../src/bench/fake-discord/index.js';
import { testEnv } from './helpers/app.js';
import { testLogger } from './helpers/log.js';

export interface Harness {
  fake: FakeDiscord;
  bot: BotHandle;
  env: Record<string, string | undefined>;
  /** Every log line the bot wrote (JSON, level debug and up). */
  logs: string[];
  /** Stops the bot (as SIGTERM would) and closes the fake; resolves with runDiscord's exit code. */
  close(): Promise<number>;
}

export async function startHarness(
  o: {
    env?: Record<string, string>;
    fake?: FakeDiscordOptions;
    run?: Partial<RunDiscordOptions>;
    /** A fake that is already running (a restarted bot): it stays open when this bot closes. */
    existingFake?: FakeDiscord;
  } = {},
): Promise<Harness> {
  const fake = o.existingFake ?? (await startFakeDiscord({ heartbeatIntervalMs: 500, ...o.fake }));
  const closeFake = () => (o.existingFake ? Promise.resolve() : fake.close());
  const env = testEnv({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_APP_ID: fake.appId,
    LOG_LEVEL: 'debug',
    ...o.env,
  });
  const logs: string[] = [];
  const log = testLogger('debug', logs);
  const stop = new AbortController();
  let started: (bot: BotHandle) => void = () => undefined;
  const online = new Promise<BotHandle>((resolve) => (started = resolve));
  const running = runDiscord(loadConfig(env), {
    log,
    env: {},
    shutdown: stop.signal,
    signals: [],
    graceMs: 3000,
    onStarted: started,
    client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } },
    ...o.run,
  });
  const bot = await Promise.race([online, running.then((code) => Promise.reject(new Error(`runDiscord ended early with ${code}`)))]).catch(
    async (e: unknown) => {
      await closeFake();
      throw e;
    },
  );
  let closed: Promise<number> | undefined;
  return {
    fake,
    bot,
    env,
    logs,
    close: () =>
      (closed ??= (async () => {
        stop.abort();
        try {
          return await running;
        } finally {
          await closeFake();
        }
      })()),
  };
}

export const user = (username: string) => ({ id: snowflake(), username, global_name: username });

export const callbackOf = (i: { id: string; token: string }) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`;
export const originalEditOf = (fake: FakeDiscord, i: { token: string }) => (r: RecordedRequest) =>
  r.method === 'PATCH' && r.path === `/webhooks/${fake.appId}/${i.token}/messages/@original`;
export const followUpOf = (fake: FakeDiscord, i: { token: string }) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${i.token}`;
export const channelPost = (channelId: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

export function body(r: RecordedRequest): Record<string, unknown> {
  return (r.body ?? {}) as Record<string, unknown>;
}

/** Every message body the bot sent (callbacks with a message, edits, follow-ups, channel posts). */
export function sentMessages(fake: FakeDiscord): { request: RecordedRequest; message: Record<string, unknown> }[] {
  return fake.requests.flatMap((r) => {
    if (r.status >= 400) return [];
    const b = body(r);
    if (r.path.endsWith('/callback')) {
      const data = b.data as Record<string, unknown> | undefined;
      return data && 'content' in data ? [{ request: r, message: data }] : [];
    }
    const isMessage =
      (r.method === 'POST' || r.method === 'PATCH') && (/\/messages(\/[^/]+)?$/.test(r.path) || /^\/webhooks\/\d+\/[^/]+$/.test(r.path));
    return isMessage && 'content' in b ? [{ request: r, message: b }] : [];
  });
}
