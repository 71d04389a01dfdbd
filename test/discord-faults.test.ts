// Issue 7 at the Discord level: the whole bot (runDiscord, real discord.js) against gateway and
// REST faults from the fake. After each fault the bot must answer the next question; what it
// cannot deliver must be logged with the interaction id, and nothing may crash.
// (A dropped connection, 1006, is in discord-bot.test.ts; an unreachable LLM in discord-run.test.ts.)
import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../src/adapters/discord/bot.js';
import { noIdentifyThrottle, startFakeDiscord, type BuiltInteraction, type FakeDiscord } from '../src/bench/fake-discord/index.js';
import { body, callbackOf, followUpOf, originalEditOf, startHarness, user, type Harness } from './discord-harness.js';
import { createTestApp } from './helpers/app.js';
import { testLogger } from './helpers/log.js';

const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';
const WAIT = 15_000;

const build = (fake: FakeDiscord, name: string): BuiltInteraction =>
  fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user(name) });

/** Sends /ask and resolves with the answer's @original edit. */
async function answered(h: Harness, name: string, from = h.fake.mark().requests): Promise<string> {
  const i = h.fake.sendInteraction(build(h.fake, name));
  const edit = await h.fake.waitForRequest((r) => originalEditOf(h.fake, i)(r) && r.status === 200, WAIT, from);
  return String(body(edit).content);
}

const logLines = (h: Harness, from: number) => h.logs.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('gateway faults', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    expect(await h.close()).toBe(0);
  });

  it('close 4000: resumes, replays the question asked during the outage, and answers it', async () => {
    const { fake } = h;
    const m = fake.mark();
    const resumed = once(h.bot.client, Events.ShardResume);
    expect(fake.closeConnections(4000)).toBe(1);
    const missed = fake.sendInteraction(build(fake, 'outage')); // buffered by the session while the socket is down
    expect(await fake.waitForSession(0, WAIT, m.gateway)).toBe('RESUMED');
    await resumed;
    const edit = await fake.waitForRequest(originalEditOf(fake, missed), WAIT, m.requests);
    expect(String(body(edit).content)).toContain('Bessent');
    expect(fake.identifies).toHaveLength(1);
  });

  it('heartbeat ACKs stop: the bot drops the zombie connection, resumes once ACKs are back, and answers', async () => {
    const { fake } = h;
    const m = fake.mark();
    fake.stopHeartbeatAcks();
    await fake.waitForGateway((e) => e.dir === 'in' && e.op === 6, WAIT, m.gateway); // RESUME after a missed ACK
    const resumed = once(h.bot.client, Events.ShardResume);
    fake.resumeHeartbeatAcks();
    await resumed;
    expect(fake.closes.some((c) => c.code === 4200 && !c.byServer)).toBe(true); // discord.js: "Zombie connection"
    expect(await answered(h, 'zombie')).toContain('Bessent');
    expect(fake.identifies).toHaveLength(1);
  });

  it('op 7 RECONNECT: resumes and answers', async () => {
    const { fake } = h;
    const m = fake.mark();
    const resumed = once(h.bot.client, Events.ShardResume);
    expect(fake.sendReconnect()).toBe(1);
    expect(await fake.waitForSession(0, WAIT, m.gateway)).toBe('RESUMED');
    await resumed;
    expect(await answered(h, 'reconnect')).toContain('Bessent');
  });

  it('op 9 INVALID_SESSION (resumable): resumes on the same session and answers', async () => {
    const { fake } = h;
    const m = fake.mark();
    const identifies = fake.identifies.length;
    const resumed = once(h.bot.client, Events.ShardResume);
    expect(fake.sendInvalidSession(true)).toBe(1);
    expect(await fake.waitForSession(0, WAIT, m.gateway)).toBe('RESUMED');
    await resumed;
    expect(fake.identifies).toHaveLength(identifies);
    expect(await answered(h, 'invalid-resumable')).toContain('Bessent');
  });

  it('op 9 INVALID_SESSION (not resumable): identifies again and answers', async () => {
    const { fake } = h;
    const m = fake.mark();
    const identifies = fake.identifies.length;
    const ready = once(h.bot.client, Events.ShardReady);
    expect(fake.sendInvalidSession(false)).toBe(1);
    expect(await fake.waitForSession(0, WAIT, m.gateway)).toBe('READY');
    await ready;
    expect(fake.identifies).toHaveLength(identifies + 1);
    expect(await answered(h, 'invalid-fresh')).toContain('Bessent');
  });
});

describe('a close code discord.js never recovers from', () => {
  it('4011 (sharding required) ends the run with exit code 1 and says what to set, instead of staying online deaf', async () => {
    const h = await startHarness();
    try {
      h.fake.closeConnections(4011);
      await expect.poll(() => h.logs.some((l) => l.includes('Discord connection lost for good')), { timeout: WAIT }).toBe(true);
      const fatal = h.logs.map((l) => JSON.parse(l) as { level: number; err?: { message?: string } }).find((l) => l.level === 60);
      expect(fatal?.err?.message).toBe('Discord requires this bot to shard: set DISCORD_SHARDS=auto.');
    } finally {
      expect(await h.close()).toBe(1);
    }
  });
});

describe('REST faults on the reply endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => h.fake.clearFaults());
  afterAll(async () => {
    expect(await h.close()).toBe(0);
  });

  it('429 with retry-after on the interaction callback: acknowledged after the wait, within 3 s, once; answered', async () => {
    const { fake } = h;
    const i = build(fake, 'cb429');
    fake.failNext({ method: 'POST', pathPattern: `/interactions/${i.id}/`, status: 429, retryAfterSec: 0.5 });
    const sentAt = Date.now();
    fake.sendInteraction(i);
    const edit = await fake.waitForRequest(originalEditOf(fake, i), WAIT);
    expect(String(body(edit).content)).toContain('Bessent');
    const callbacks = fake.requests.filter(callbackOf(i));
    expect(callbacks.map((r) => r.status)).toEqual([429, 204]);
    expect(callbacks[1]!.at - callbacks[0]!.at).toBeGreaterThanOrEqual(490);
    expect(callbacks[1]!.at - sentAt).toBeLessThan(3000);
    expect(fake.interaction(i.id)?.callbacks).toEqual([5]);
  });

  it('500 on the callback and 502, 503 on the @original edit: retried, and the answer arrives once', async () => {
    const { fake } = h;
    const i = build(fake, 'cb500');
    fake.failNext({ method: 'POST', pathPattern: `/interactions/${i.id}/`, status: 500 });
    fake.failNext({ method: 'PATCH', pathPattern: `/${i.token}/messages/@original`, status: 502 });
    fake.failNext({ method: 'PATCH', pathPattern: `/${i.token}/messages/@original`, status: 503 });
    fake.sendInteraction(i);
    await fake.waitForRequest((r) => originalEditOf(fake, i)(r) && r.status === 200, WAIT);
    expect(fake.requests.filter(callbackOf(i)).map((r) => r.status)).toEqual([500, 204]);
    expect(fake.requests.filter(originalEditOf(fake, i)).map((r) => r.status)).toEqual([502, 503, 200]);
    expect(fake.interaction(i.id)?.callbacks).toEqual([5]);
  });

  it('429 on the @original edit: the answer arrives after retry-after', async () => {
    const { fake } = h;
    const i = build(fake, 'edit429');
    fake.failNext({ method: 'PATCH', pathPattern: `/${i.token}/messages/@original`, status: 429, retryAfterSec: 0.3 });
    fake.sendInteraction(i);
    const edit = await fake.waitForRequest((r) => originalEditOf(fake, i)(r) && r.status === 200, WAIT);
    expect(String(body(edit).content)).toContain('Bessent');
    const edits = fake.requests.filter(originalEditOf(fake, i));
    expect(edits.map((r) => r.status)).toEqual([429, 200]);
    expect(edits[1]!.at - edits[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it('the edit fails for good (500 ×4): logged with the interaction id; a private error note follows up, surviving a 429', async () => {
    const { fake } = h;
    const fromLog = h.logs.length;
    const i = build(fake, 'edit500');
    fake.failNext({ method: 'PATCH', pathPattern: `/${i.token}/messages/@original`, status: 500, times: 4 });
    fake.failNext({ method: 'POST', pathPattern: `/webhooks/${fake.appId}/${i.token}`, status: 429, retryAfterSec: 0.2 });
    fake.sendInteraction(i);
    const note = await fake.waitForRequest((r) => followUpOf(fake, i)(r) && r.status === 200, WAIT);
    expect(fake.requests.filter(originalEditOf(fake, i)).map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect(fake.requests.filter(followUpOf(fake, i)).map((r) => r.status)).toEqual([429, 200]);
    expect(body(note)).toMatchObject({ flags: 64 });
    const errorId = /error id `([0-9a-f]{8})`/.exec(String(body(note).content))?.[1];
    expect(errorId).toBeDefined();
    const failure = logLines(h, fromLog).find((l) => l.errorId === errorId);
    expect(failure).toMatchObject({
      level: 50,
      msg: 'request failed',
      interactionId: i.id,
      command: 'ask',
      err: { status: 500, method: 'PATCH' },
    });
    expect(JSON.stringify(failure)).not.toContain(i.token);
    expect(await answered(h, 'after-edit500')).toContain('Bessent');
  });

  it('the edit and the follow-up both fail for good: logged with the interaction id, no crash, the next question is answered', async () => {
    const { fake } = h;
    const fromLog = h.logs.length;
    const i = build(fake, 'all500');
    fake.failNext({ method: 'PATCH', pathPattern: `/${i.token}/messages/@original`, status: 500, times: 4 });
    fake.failNext({ method: 'POST', pathPattern: `/webhooks/${fake.appId}/${i.token}`, status: 500, times: 4 });
    fake.sendInteraction(i);
    await expect
      .poll(() => logLines(h, fromLog).find((l) => l.msg === 'could not report the failure to the user'), { timeout: WAIT })
      .toMatchObject({ level: 40, interactionId: i.id, err: { status: 500 } });
    expect(logLines(h, fromLog).find((l) => l.msg === 'request failed')).toMatchObject({ interactionId: i.id });
    expect(await answered(h, 'after-all500')).toContain('Bessent');
  });

  it('the callback fails for good (500 ×4): the failure is logged with the interaction id; the next question is answered', async () => {
    const { fake } = h;
    const fromLog = h.logs.length;
    const i = build(fake, 'cb500x4');
    fake.failNext({ method: 'POST', pathPattern: `/interactions/${i.id}/`, status: 500, times: 4 });
    fake.sendInteraction(i);
    await expect.poll(() => logLines(h, fromLog).find((l) => l.msg === 'interaction failed'), { timeout: WAIT }).toBeDefined();
    const line = logLines(h, fromLog).find((l) => l.msg === 'interaction failed')!;
    expect(line).toMatchObject({ level: 50, err: { status: 500, method: 'POST' } });
    expect(JSON.stringify(line)).toContain(i.id);
    expect(JSON.stringify(line)).not.toContain(i.token);
    expect(fake.requests.filter(callbackOf(i)).map((r) => r.status)).toEqual([500, 500, 500, 500]);
    expect(fake.interaction(i.id)?.callbacks).toEqual([]);
    expect(await answered(h, 'after-cb500')).toContain('Bessent');
  });
});

describe('REST faults on a long answer’s follow-up', () => {
  it('429 then 500 on the second part: both retried, the whole answer arrives in order', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
    const app = await createTestApp({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl });
    // An answer too long for one message (2,000 characters): the rest is a follow-up.
    const long = {
      ...app.footnote,
      ask: async (...args: Parameters<typeof app.footnote.ask>) => ({
        ...(await app.footnote.ask(...args)),
        answer: `${'Scott Bessent leads the talks. '.repeat(60)}\n\n${'He met He Lifeng in Geneva. '.repeat(60)}`,
      }),
    };
    const log = testLogger('silent');
    const bot = await startBot({ ...app, log, footnote: long }, { client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } } });
    try {
      const i = build(fake, 'long');
      fake.failNext({ method: 'POST', pathPattern: `/webhooks/${fake.appId}/${i.token}`, status: 429, retryAfterSec: 0.2 });
      fake.failNext({ method: 'POST', pathPattern: `/webhooks/${fake.appId}/${i.token}`, status: 500 });
      fake.sendInteraction(i);
      const rest = await fake.waitForRequest((r) => followUpOf(fake, i)(r) && r.status === 200, WAIT);
      const first = fake.requests.find((r) => originalEditOf(fake, i)(r) && r.status === 200)!;
      expect(String(body(first).content)).toMatch(/^Scott Bessent leads the talks\./);
      expect(String(body(rest).content)).toContain('He met He Lifeng in Geneva.');
      expect(first.seq).toBeLessThan(rest.seq);
      expect(fake.requests.filter(followUpOf(fake, i)).map((r) => r.status)).toEqual([429, 500, 200]);
      expect(fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(i.token))).toBe(false);
    } finally {
      await bot.stop();
      await fake.close();
    }
  });
});
