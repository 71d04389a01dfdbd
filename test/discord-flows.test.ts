// The bot's flows with a wrapped core (slow, failing or streaming answers), driven through the fake.
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type BotHandle, type BotOptions } from '../src/adapters/discord/bot.js';
import type { Footnote } from '../src/app/footnote.js';
import { noIdentifyThrottle, startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../src/bench/fake-discord/index.js';
import { body, callbackOf, channelPost, followUpOf, originalEditOf, user } from './discord-harness.js';
import { createTestApp } from './helpers/app.js';
import { testLogger } from './helpers/log.js';

const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';
let fake: FakeDiscord | undefined;
let bot: BotHandle | undefined;

afterEach(async () => {
  await bot?.stop();
  await fake?.close();
  bot = undefined;
  fake = undefined;
});

async function start(
  o: {
    env?: (f: FakeDiscord) => Record<string, string>;
    wrap?: (f: Footnote) => Footnote;
    fake?: FakeDiscordOptions;
    bot?: BotOptions;
  } = {},
) {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 500, ...o.fake });
  const app = await createTestApp({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, ...o.env?.(fake) });
  const logs: string[] = [];
  const log = testLogger('debug', logs);
  bot = await startBot(
    { ...app, log, footnote: o.wrap ? o.wrap(app.footnote) : app.footnote },
    { client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } }, ...o.bot },
  );
  return { fake, app, logs };
}

const ask = (f: FakeDiscord, question = QUESTION, extra: Partial<Parameters<FakeDiscord['build']['slash']>[0]> = {}) =>
  f.sendInteraction(
    f.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: question }], user: user('u'), ...extra }),
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('errors', () => {
  it('an internal error: the public deferral is removed, the user gets a private note with an error id, the log the details', async () => {
    const { fake, logs } = await start({
      wrap: (f) => ({
        ...f,
        ask: async () => {
          throw new Error('index exploded');
        },
      }),
    });
    const i = ask(fake);
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 0 } }); // public
    await fake.waitForRequest((r) => r.method === 'DELETE' && r.path.endsWith(`/${i.token}/messages/@original`));
    const note = await fake.waitForRequest(followUpOf(fake, i));
    expect(body(note)).toMatchObject({ flags: 64, allowed_mentions: { parse: [] } });
    const errorId = /error id `([0-9a-f]{8})`/.exec(String(body(note).content))?.[1];
    expect(errorId).toBeDefined();
    const line = logs.find((l) => l.includes(errorId!));
    expect(JSON.parse(line!)).toMatchObject({
      level: 50,
      errorId,
      command: 'ask',
      interactionId: i.id,
      userId: expect.any(String),
      guildId: fake.guilds[0]!.id,
      err: { message: 'index exploded' },
    });
    expect(logs.join('')).not.toContain(fake.token);
  });

  it('a UserError is shown as it is', async () => {
    const { fake } = await start();
    const i = fake.sendInteraction(fake.build.slash({ name: 'source', options: [{ name: 'paragraph', type: 'integer', value: 99 }] }));
    const edit = await fake.waitForRequest(originalEditOf(fake, i));
    expect(String(body(edit).content)).toMatch(/there is no ¶99\.$/);
  });
});

describe('partial delivery', () => {
  it('a long answer whose second part fails for good keeps the first part and adds a private note', async () => {
    const { fake } = await start({
      // A long answer: several cited paragraphs, well over one message.
      wrap: (f) => ({
        ...f,
        ask: async (q, o) => {
          const r = await f.ask(q, o);
          const paragraphs = f.documents()[0]!.paragraphs;
          const citations = paragraphs.map((p) => ({ doc: p.doc, paragraph: p.n, quote: p.text }));
          return { ...r, answer: citations.map((c) => `${c.quote} [¶${c.paragraph}]`).join('\n\n'), citations };
        },
      }),
    });
    const i = ask(fake);
    await fake.waitForRequest(callbackOf(i));
    fake.failNext({ method: 'POST', pathPattern: new RegExp(`/webhooks/${fake.appId}/${i.token}$`), status: 500, times: 4 });
    const first = await fake.waitForRequest(originalEditOf(fake, i));
    expect(String(body(first).content)).toContain('[¶1]');
    const note = await fake.waitForRequest((r) => followUpOf(fake, i)(r) && (body(r) as { flags?: number }).flags === 64, 15_000);
    expect(String(body(note).content)).toMatch(/error id/);
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/${i.token}/messages/@original`))).toBe(false);
  });
});

describe('load and shutdown', () => {
  it('a burst is deferred at once and queued behind MAX_CONCURRENT_ANSWERS', async () => {
    let running = 0;
    let peak = 0;
    const { fake } = await start({
      env: () => ({ MAX_CONCURRENT_ANSWERS: '1' }),
      wrap: (f) => ({
        ...f,
        ask: async (q, o) => {
          running++;
          peak = Math.max(peak, running);
          await sleep(150);
          running--;
          return f.ask(q, o);
        },
      }),
    });
    const burst = [1, 2, 3].map((n) => ask(fake, QUESTION, { user: user(`b${n}`) }));
    const callbacks = await Promise.all(burst.map((i) => fake.waitForRequest(callbackOf(i))));
    const edits = await Promise.all(burst.map((i) => fake.waitForRequest(originalEditOf(fake, i))));
    expect(Math.max(...callbacks.map((c) => c.at))).toBeLessThan(Math.min(...edits.map((e) => e.at)));
    expect(peak).toBe(1);
  });

  it('stop() finishes the answer in flight, then disconnects', async () => {
    const { fake } = await start({
      wrap: (f) => ({
        ...f,
        ask: async (q, o) => {
          await sleep(300);
          return f.ask(q, o);
        },
      }),
    });
    const i = ask(fake);
    await fake.waitForRequest(callbackOf(i));
    await bot!.stop();
    expect(String(body(await fake.waitForRequest(originalEditOf(fake, i), 100)).content)).toContain('Bessent');
    await expect.poll(() => fake.openConnections).toBe(0);
  });

  it('answers still running after the grace period are told to ask again', async () => {
    const { fake } = await start({
      bot: { graceMs: 100 },
      wrap: (f) => ({
        ...f,
        ask: (_q, o) => new Promise((_resolve, reject) => o?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      }),
    });
    const i = ask(fake, QUESTION, { user: user('late') });
    await fake.waitForRequest(callbackOf(i));
    await bot!.stop();
    const note = await fake.waitForRequest(followUpOf(fake, i));
    expect(body(note)).toMatchObject({ flags: 64, content: expect.stringContaining('restarted before this answer was ready') });
  });
});

describe('where footnote answers', () => {
  it('outside ALLOWED_CHANNEL_IDS: a polite ephemeral refusal; DMs refused with ALLOW_DMS=false', async () => {
    const { fake } = await start({
      fake: { guilds: [{ channels: [{ name: 'general' }, { name: 'offtopic' }] }] },
      env: (f) => ({ ALLOWED_CHANNEL_IDS: f.defaultChannelId(), ALLOW_DMS: 'false' }),
    });
    const general = fake.defaultChannelId();
    const offtopic = String(fake.state.guildChannels(fake.guilds[0]!.id).find((c) => c.name === 'offtopic')!.id);
    const refused = ask(fake, QUESTION, { channelId: offtopic });
    expect(body(await fake.waitForRequest(callbackOf(refused)))).toEqual({
      type: 4,
      data: expect.objectContaining({ flags: 64, content: `Sorry, I don't answer in this channel. Ask me in <#${general}>.` }),
    });
    const dm = ask(fake, QUESTION, { dm: true });
    expect(body(await fake.waitForRequest(callbackOf(dm)))).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringContaining('not in direct messages') },
    });
    const allowed = ask(fake, QUESTION, { user: user('ok') });
    expect(body(await fake.waitForRequest(callbackOf(allowed)))).toEqual({ type: 5, data: { flags: 0 } });
    // an @mention elsewhere gets the refusal as a reply, and no thread
    const mention = fake.sendMessage(fake.build.message({ content: QUESTION, mentionBot: true, channelId: offtopic }));
    const reply = await fake.waitForRequest(channelPost(offtopic));
    expect(body(reply)).toMatchObject({
      message_reference: { message_id: mention.id },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect(fake.requests.some((r) => r.path.endsWith(`/messages/${mention.id}/threads`))).toBe(false);
  });

  it('DMs are off by default: a DM gets a polite refusal in the DM, and no answer', async () => {
    const { fake } = await start();
    const dm = fake.sendMessage(fake.build.message({ content: QUESTION, dm: true, author: user('dee') }));
    const reply = await fake.waitForRequest(channelPost(dm.channel_id));
    expect(String(body(reply).content)).toMatch(/not in direct messages/);
    await sleep(300);
    expect(fake.requests.filter(channelPost(dm.channel_id))).toHaveLength(1);
  });

  it('with ALLOW_DMS=true a DM is answered in the DM', async () => {
    const { fake } = await start({ env: () => ({ ALLOW_DMS: 'true' }) });
    const dm = fake.sendMessage(fake.build.message({ content: QUESTION, dm: true, author: user('dee') }));
    const answer = await fake.waitForRequest(channelPost(dm.channel_id));
    expect(String(body(answer).content)).toContain('Bessent');
  });
});

describe('LLM mode', () => {
  it('streams tokens into the deferred reply at most about once per interval, then the verified answer replaces it', async () => {
    const { fake } = await start({
      bot: { streamIntervalMs: 200 },
      wrap: (f) => ({
        ...f,
        info: () => ({ ...f.info(), mode: 'llm', model: 'fake-model' }),
        ask: async (q, o) => {
          for (const t of ['Scott ', 'Bessent ', 'is ', 'the ', 'U.S. ', 'Treasury ', 'Secretary ', '[¶4].']) {
            o?.onToken?.(t);
            await sleep(60);
          }
          return { ...(await f.ask(q, o)), mode: 'llm', model: 'fake-model', answer: 'Scott Bessent is the U.S. Treasury Secretary [¶4].' };
        },
      }),
    });
    const i = ask(fake);
    const final = await fake.waitForRequest((r) => originalEditOf(fake!, i)(r) && !String(body(r).content).includes('▍'));
    const edits = fake.requests.filter(originalEditOf(fake, i));
    const previews = edits.slice(0, -1);
    expect(previews.length).toBeGreaterThanOrEqual(2);
    expect(previews.length).toBeLessThanOrEqual(4);
    for (const p of previews) expect(String(body(p).content)).toMatch(/▍$/);
    for (let k = 1; k < previews.length; k++) expect(previews[k]!.at - previews[k - 1]!.at).toBeGreaterThanOrEqual(150);
    expect(edits.at(-1)).toBe(final);
    expect(String(body(final).content)).toMatch(
      /^Scott Bessent is the U\.S\. Treasury Secretary \[¶4\]\.\n\n\*\*Sources\*\*\n> \*\*\[¶4\]\*\* “/,
    );
    expect(JSON.stringify(body(final).components)).toContain('fb:up:');
  });
});
