// Small pure parts of the Discord adapter: cooldown, queue, streaming, history, places, feedback ids.
import { describe, expect, it, vi } from 'vitest';
import { historyFrom, stripBotMention, threadName } from '../src/adapters/discord/conversation.js';
import { createCooldown } from '../src/adapters/discord/cooldown.js';
import { errorForLog, scrub } from '../src/adapters/discord/errors.js';
import { answerIdIn, customIdsIn, feedbackRow, parseFeedbackId } from '../src/adapters/discord/feedback-buttons.js';
import { invokerFrom, placeRefusal } from '../src/adapters/discord/permissions.js';
import { createInflight, createLimiter } from '../src/adapters/discord/queue.js';
import { createStreamPreview } from '../src/adapters/discord/stream.js';
import type { AnswerRecord } from '../src/storage/store.js';

const BOT = '111111111111111111';

describe('cooldown', () => {
  it('allows N questions per window per user, then says when the oldest expires', () => {
    let now = 1_000_000;
    const cd = createCooldown({ questions: 2, seconds: 60 }, () => now);
    expect(cd.take('a')).toEqual({ ok: true });
    now += 10_000;
    expect(cd.take('a')).toEqual({ ok: true });
    expect(cd.take('b')).toEqual({ ok: true });
    expect(cd.take('a')).toEqual({ ok: false, retryAt: 1_060_000 });
    now = 1_060_000;
    expect(cd.take('a')).toEqual({ ok: true }); // the first one has left the window
    expect(cd.take('a')).toEqual({ ok: false, retryAt: 1_070_000 });
  });
});

describe('limiter and in-flight tracking', () => {
  it('runs at most `max` tasks at once, in arrival order', async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        order.push(n);
        running--;
        return n;
      });
    expect(await Promise.all([1, 2, 3, 4, 5].map(task))).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it('refuses newcomers beyond the waiting room with a UserError, and a failed task frees its slot', async () => {
    const limiter = createLimiter(1, 1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const second = limiter.run(async () => 'second');
    await expect(limiter.run(async () => 'third')).rejects.toMatchObject({ name: 'UserError' });
    release();
    await first;
    expect(await second).toBe('second');
    await expect(
      limiter.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'after')).toBe('after');
  });

  it('idle() waits for tracked work, or gives up after the timeout', async () => {
    const inflight = createInflight();
    let release!: () => void;
    void inflight.track(new Promise<void>((r) => (release = r)));
    void inflight.track(Promise.reject(new Error('ignored')));
    expect(await inflight.idle(20)).toBe(false);
    release();
    expect(await inflight.idle(1000)).toBe(true);
    expect(inflight.size).toBe(0);
  });
});

describe('stream preview', () => {
  it('edits at most once per interval and never after finish()', async () => {
    vi.useFakeTimers();
    try {
      const edits: string[] = [];
      const preview = createStreamPreview({ intervalMs: 1000, edit: async (t) => void edits.push(t), now: () => Date.now() });
      preview.onToken('Hello');
      await vi.advanceTimersByTimeAsync(0);
      expect(edits).toEqual(['Hello']);
      preview.onToken(' wor');
      await vi.advanceTimersByTimeAsync(500);
      preview.onToken('ld');
      expect(edits).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(500);
      expect(edits).toEqual(['Hello', 'Hello world']);
      preview.onToken('!');
      await preview.finish();
      await vi.advanceTimersByTimeAsync(2000);
      expect(edits).toEqual(['Hello', 'Hello world']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('conversation', () => {
  const record = (id: string, question: string): AnswerRecord => ({
    id,
    time: '',
    question,
    answer: `answer to ${question}`,
    answerable: true,
    citations: [],
    mode: 'extractive',
  });
  const records = new Map([
    ['a1', record('a1', 'first')],
    ['a2', record('a2', 'second')],
    ['a3', record('a3', 'third')],
    ['a4', record('a4', 'fourth')],
  ]);
  const msg = (authorId: string, answerId?: string) => ({
    authorId,
    customIds: answerId ? [`fb:up:${answerId}`, `fb:down:${answerId}`] : [],
  });

  it('turns the bot’s answers in a thread (newest first) into history, oldest first, at most 3', async () => {
    const messages = [
      msg('user'),
      msg(BOT, 'a4'),
      msg('user'),
      msg(BOT, 'a3'),
      msg('other-bot', 'a2'),
      msg(BOT, 'gone'),
      msg(BOT, 'a2'),
      msg(BOT, 'a1'),
    ];
    const lookup = async (id: string) => records.get(id);
    expect((await historyFrom(messages, BOT, lookup)).map((t) => t.question)).toEqual(['second', 'third', 'fourth']);
    // Each turn carries what its answer cited, so a follow-up can look beyond it.
    expect(await historyFrom(messages, BOT, lookup, 1)).toEqual([{ question: 'fourth', answer: 'answer to fourth', citations: [] }]);
  });

  it('strips the bot’s user and role mentions, leaves others to the core', () => {
    expect(stripBotMention(`<@${BOT}> who is <@!${BOT}> he? <@&999999999999999999>`, BOT, '999999999999999999')).toBe('who is he?');
    expect(stripBotMention(`<@${BOT}>   `, BOT)).toBe('');
  });

  it('makes a thread name within Discord’s 100 characters, without mentions', () => {
    expect(threadName('<@123456789012345678> @everyone Who met?')).toBe('Who met?');
    expect(threadName('w'.repeat(300))).toHaveLength(90);
    expect(threadName('<@123456789012345678>')).toBe('Question');
  });
});

describe('places and invokers', () => {
  const discord = { allowedChannelIds: ['100000000000000001'], allowDms: false };
  it('allows listed channels and threads under them, refuses elsewhere politely', () => {
    expect(placeRefusal(discord, { channelId: '100000000000000001', isDm: false })).toBeNull();
    expect(placeRefusal(discord, { channelId: '7', parentId: '100000000000000001', isDm: false })).toBeNull();
    expect(placeRefusal(discord, { channelId: '7', isDm: false })).toBe(
      "Sorry, I don't answer in this channel. Ask me in <#100000000000000001>.",
    );
    expect(placeRefusal(discord, { channelId: '7', isDm: true })).toMatch(/not in direct messages/);
    expect(placeRefusal({ allowedChannelIds: [], allowDms: true }, { channelId: '7', isDm: true })).toBeNull();
  });

  it('reads Manage Messages / Manage Guild (or Administrator) from the bitfield', () => {
    const place = { channelId: '1', guildId: '2', isDm: false };
    expect(invokerFrom({ userId: 'u', place, permissions: 1n << 13n })).toMatchObject({
      canManageMessages: true,
      canManageGuild: false,
      guildId: '2',
      channelId: '1',
    });
    expect(invokerFrom({ userId: 'u', place, permissions: 1n << 3n })).toMatchObject({ canManageMessages: true, canManageGuild: true });
    expect(invokerFrom({ userId: 'u', place: { channelId: '1', isDm: true }, permissions: null })).toMatchObject({
      canManageMessages: false,
      canManageGuild: false,
    });
  });
});

describe('feedback buttons', () => {
  it('round-trips the answer id through custom ids of at most 100 characters', () => {
    const row = feedbackRow('AbC-12_x');
    const ids = customIdsIn([row]);
    expect(ids).toEqual(['fb:up:AbC-12_x', 'fb:down:AbC-12_x']);
    expect(ids.every((id) => id.length <= 100)).toBe(true);
    expect(parseFeedbackId(ids[1]!)).toEqual({ vote: 'down', answerId: 'AbC-12_x' });
    expect(parseFeedbackId('other:up:x')).toBeNull();
    expect(answerIdIn(['x', ...ids])).toBe('AbC-12_x');
  });
});

describe('logging errors', () => {
  it('scrubs the bot token and interaction tokens from errors', () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbcDe.abcdefghijklmnopqrstuvwxyz0123456789';
    const error = Object.assign(new Error(`failed with ${token}`), {
      url: 'https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb246MTIzOmFiY2RlZmdoaWprbG1ub3A/messages/@original',
      status: 404,
      code: 10015,
    });
    const logged = JSON.stringify(errorForLog(error, [token]));
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('aW50ZXJhY3Rpb246');
    expect(logged).toContain('/webhooks/123/[redacted]/messages');
    expect(scrub('Bot abcdef-secret', ['abcdef-secret'])).toBe('Bot [redacted]');
  });
});
