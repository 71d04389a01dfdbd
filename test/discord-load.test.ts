// Bursts of /ask through the fake Discord into the real bot: every interaction acknowledged within
// Discord's 3 s and answered exactly once. The full 500-interaction burst is `npm run burst`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot, type BotHandle, type BotOptions } from '../src/adapters/discord/bot.js';
import { analyseBurst, sendBurst, waitForReplies } from '../src/bench/burst.js';
import { body, channelPost, startHarness, user } from './discord-harness.js';
import { noIdentifyThrottle, startFakeDiscord, type FakeDiscord } from '../src/bench/fake-discord/index.js';
import { createTestApp, REPO_CORPUS } from './helpers/app.js';
import { testLogger } from './helpers/log.js';

const DEV_QUESTIONS = readFileSync(path.join(REPO_CORPUS, 'us-china-trade-talks.questions.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => String((JSON.parse(l) as { question: string }).question));
/** Unique wording, so the answer cache cannot make the burst cheap. */
const uniqueQuestions = (n: number) => Array.from({ length: n }, (_, k) => `${DEV_QUESTIONS[k % DEV_QUESTIONS.length]} (${k + 1})`);

let cleanup: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/**
 * The real bot against a fresh fake Discord, with one answer slot and every answer first waiting
 * for `before()`: a test decides how long answers take, so the line fills as it needs.
 */
async function startOneSlotBot(before: () => Promise<void>, options: BotOptions = {}): Promise<{ fake: FakeDiscord; bot: BotHandle }> {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
  // Assigned once the bot starts; the cleanup set before then must see it.
  // eslint-disable-next-line prefer-const
  let bot: BotHandle | undefined;
  cleanup = async () => {
    await bot?.stop();
    await fake.close();
  };
  const app = await createTestApp({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, MAX_CONCURRENT_ANSWERS: '1' });
  const log = testLogger('info');
  const slow = {
    ...app.footnote,
    ask: async (...args: Parameters<typeof app.footnote.ask>) => {
      await before();
      return app.footnote.ask(...args);
    },
  };
  bot = await startBot(
    { ...app, log, footnote: slow },
    { ...options, client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } } },
  );
  return { fake, bot };
}

describe('a burst of /ask', () => {
  it('150 from 30 users in 1.5 s: each acknowledged within 3 s and answered once; the 5th per user hits the cooldown', async () => {
    const h = await startHarness({ env: { COOLDOWN_QUESTIONS: '4', LOG_LEVEL: 'info' } });
    cleanup = () => h.close();
    const sent = await sendBurst(h.fake, { interactions: 150, users: 30, overMs: 1500, questions: uniqueQuestions(150) });
    expect(await waitForReplies(h.fake, sent, 60_000)).toBe(0);
    // Stopped before reading the records, so a late second answer would show up in them.
    expect(await h.close()).toBe(0);
    const report = analyseBurst(h.fake, sent);
    expect(report.problems).toEqual([]);
    // Round-robin over 30 users: interactions 121-150 are each user's 5th question.
    expect(report.outcomes.slice(120).map((o) => o.outcome)).toEqual(Array(30).fill('cooldown'));
    expect(report.counts.answer + report.counts.busy).toBe(120);
    expect(report.counts.answer).toBeGreaterThan(0);
    expect(report.ackMs.max).toBeLessThanOrEqual(3000);
    expect(h.fake.requests.filter((r) => (r.response as { code?: number } | undefined)?.code === 40060)).toEqual([]);
    expect(h.logs.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
    const { ackMs: ack, answerMs: reply } = report;
    console.info(
      `burst 150/30 users: ack p50 ${ack.p50} ms p95 ${ack.p95} ms max ${ack.max} ms; ` +
        `reply p50 ${reply.p50} ms p95 ${reply.p95} ms; ${JSON.stringify(report.counts)}`,
    );
  }, 120_000);

  it('beyond the answer queue (100 waiting) the newcomers are told they are busy, privately; the rest are answered', async () => {
    // One slot and 60 ms an answer: a burst of 150 in 1 s leaves well over 100 waiting.
    const { fake, bot } = await startOneSlotBot(() => new Promise((resolve) => setTimeout(resolve, 60)));
    const sent = await sendBurst(fake, { interactions: 150, users: 150, overMs: 1000, questions: DEV_QUESTIONS });
    expect(await waitForReplies(fake, sent, 60_000)).toBe(0);
    await bot.stop();
    const report = analyseBurst(fake, sent);
    expect(report.problems).toEqual([]);
    expect(report.counts.busy).toBeGreaterThan(0);
    expect(report.counts.answer + report.counts.busy).toBe(150);
    const busy = report.outcomes.filter((o) => o.outcome === 'busy');
    // A busy notice is private and alone: usually one ephemeral reply instead of a deferral; if
    // the line filled up after the deferral, the deferral is swapped for one private note.
    // Never an edit, never a second answer.
    for (const o of busy) {
      const i = sent.find((s) => s.id === o.id)!;
      expect(o.edits).toBe(0);
      if (o.callbacks[0] === 4) {
        const reply = fake.requests.find(
          (r) => r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback` && r.status < 300,
        );
        expect((reply!.body as { data?: { flags?: number } }).data?.flags).toBe(64);
        expect(o.followUps).toBe(0);
      } else {
        expect(o.callbacks).toEqual([5]);
        const notes = fake.requests.filter((r) => r.method === 'POST' && r.path === `/webhooks/${fake.appId}/${i.token}` && r.status < 300);
        expect(notes.map((r) => (r.body as { flags?: number }).flags)).toEqual([64]);
      }
    }
    // The cheap path is the common one.
    expect(busy.filter((o) => o.callbacks[0] === 4).length).toBeGreaterThan(busy.length / 2);
  }, 120_000);
});

describe('a burst of @mentions', () => {
  it('beyond the answer queue the newcomers get a public busy notice, deleted a moment later, and no thread', async () => {
    // One slot and 100 places in line, held shut until the burst is in: of 110 mentions, 9 are turned away.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { fake } = await startOneSlotBot(() => gate, { noticeTtlMs: 300 });
    const channelId = String(fake.state.guildChannels(fake.guilds[0]!.id)[0]!.id);
    const asked = uniqueQuestions(110).map((content, k) =>
      fake.sendMessage(fake.build.message({ content, mentionBot: true, author: user(`member${k}`), channelId })),
    );
    // Every mention is either answered in its own thread or told, in the channel, to come back.
    const notices = () => fake.requests.filter(channelPost(channelId));
    const answered = () => asked.filter((m) => fake.requests.some(channelPost(m.id)));
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 60_000;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => notices().length >= 9);
    open();
    await until(() => answered().length + notices().length >= asked.length);
    expect(notices()).toHaveLength(9);
    expect(answered().length + notices().length).toBe(asked.length);
    for (const n of notices()) {
      const sent = body(n);
      expect(sent.content).toMatch(/answering a lot of questions/);
      expect(sent.allowed_mentions).toMatchObject({ parse: [] });
      // The notice answers one mention, and it has no thread.
      const to = String((sent.message_reference as { message_id: string }).message_id);
      expect(asked.map((m) => m.id)).toContain(to);
      expect(fake.requests.some((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages/${to}/threads`)).toBe(false);
      const id = String((n.response as { id: string }).id);
      await fake.waitForRequest((r) => r.method === 'DELETE' && r.path === `/channels/${channelId}/messages/${id}`, 5000);
    }
  }, 120_000);
});
