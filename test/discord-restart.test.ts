// End to end: what survives a restart (thread memory, through the database), and starting without
// the Message Content intent (close 4014) in slash-and-mention mode rather than not at all.
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../src/bench/fake-discord/index.js';
import { body, callbackOf, channelPost, originalEditOf, startHarness, user, type Harness } from './discord-harness.js';
import { tempDir } from './helpers/app.js';

const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';
const MESSAGE_CONTENT = 1 << 15;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const open: Harness[] = [];
let fake: FakeDiscord | undefined;
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
  await fake?.close();
  fake = undefined;
});
async function start(o: Parameters<typeof startHarness>[0]) {
  const h = await startHarness(o);
  open.push(h);
  return h;
}

describe('after a restart', () => {
  it('a follow-up in an old thread still uses that thread’s history', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
    const dataDir = tempDir();
    const first = await start({ existingFake: fake, env: { DATA_DIR: dataDir } });
    const tess = user('tess');
    const asked = fake.sendMessage(fake.build.message({ content: QUESTION, mentionBot: true, author: tess }));
    const threadId = asked.id;
    expect(String(body(await fake.waitForRequest(channelPost(threadId), 10_000)).content)).toContain('Bessent');
    expect(await first.close()).toBe(0);
    open.splice(open.indexOf(first), 1);

    // A new process: nothing in memory, the same database file.
    const second = await start({ existingFake: fake, env: { DATA_DIR: dataDir } });
    expect(second.bot.client.channels.cache.get(threadId)?.isThread()).toBe(true);
    const mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: 'What is his job?', channelId: threadId, author: tess }));
    const followUp = String(body(await fake.waitForRequest(channelPost(threadId), 10_000, mark)).content);
    // Without the first turn "his" has no referent; with it the answer cites the Treasury paragraph.
    expect(followUp).toContain('Treasury Secretary');
    expect(followUp).toContain('[¶4]');
  });
});

describe('without the Message Content intent', () => {
  it('starts in slash-and-mention mode with a clear warning, answers slash commands and mentions, and ignores unmentioned thread chat', async () => {
    const h = await start({ fake: { messageContentIntent: false } });
    fake = undefined; // closed by the harness
    const { fake: f } = h;
    // First try with the intent: closed with 4014; then again without it.
    expect(f.closes.some((c) => c.code === 4014 && c.byServer)).toBe(true);
    const identifies = f.gatewayLog.filter((e) => e.dir === 'in' && e.op === 2).map((e) => (e.d as { intents: number }).intents);
    expect(identifies.map((intents) => Boolean(intents & MESSAGE_CONTENT))).toEqual([true, false]);
    expect(h.bot.messageContent).toBe(false);
    const warning = h.logs
      .map((l) => JSON.parse(l) as { level: number; msg: string })
      .find((l) => l.msg.includes('slash-and-mention mode'));
    expect(warning).toMatchObject({ level: 40 });
    expect(warning!.msg).toMatch(/Privileged Gateway Intents/);

    const i = f.sendInteraction(
      f.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('sam') }),
    );
    expect(body(await f.waitForRequest(callbackOf(i)))).toMatchObject({ type: 5 });
    expect(String(body(await f.waitForRequest(originalEditOf(f, i), 10_000)).content)).toContain('Bessent');

    const help = f.sendInteraction(f.build.slash({ name: 'help', user: user('sam') }));
    expect(String(body(await f.waitForRequest(originalEditOf(f, help))).content)).toContain('Slash-and-mention mode');

    // A mention carries its text even without the intent: answered in a thread.
    const tess = user('tess');
    const asked = f.sendMessage(f.build.message({ content: QUESTION, mentionBot: true, author: tess }));
    await f.waitForRequest(channelPost(asked.id), 10_000);
    // In that thread a follow-up arrives empty unless it mentions the bot.
    let mark = f.mark().requests;
    f.sendMessage(f.build.message({ content: 'What is his job?', channelId: asked.id, author: tess }));
    await sleep(600);
    expect(f.requests.slice(mark).filter(channelPost(asked.id))).toHaveLength(0);
    mark = f.mark().requests;
    f.sendMessage(f.build.message({ content: 'What is his job?', mentionBot: true, channelId: asked.id, author: tess }));
    expect(String(body(await f.waitForRequest(channelPost(asked.id), 10_000, mark)).content)).toContain('[¶4]');
  });
});
