// Small pure parts of the Discord adapter: cooldown, queue, streaming, history, places, buttons,
// the thread rule, notices in each language, settings changes, sources, short-lived notices.
import { describe, expect, it, vi } from 'vitest';
import { historyFrom, stripBotMention, threadName } from '../src/adapters/discord/conversation.js';
import { createCooldown } from '../src/adapters/discord/cooldown.js';
import { errorForLog, scrub } from '../src/adapters/discord/errors.js';
import { answerIdIn, customIdsIn, feedbackRow, parseButtonId, parseFeedbackId } from '../src/adapters/discord/feedback-buttons.js';
import { answersInThread, readsAsQuestion, type ThreadMessage } from '../src/adapters/discord/etiquette.js';
import { channelAllowed, invokerFrom } from '../src/adapters/discord/permissions.js';
import { createServerPolicy } from '../src/adapters/discord/server-policy.js';
import { sourcesMessages } from '../src/adapters/discord/sources.js';
import { missingToPost } from '../src/adapters/discord/target-channel.js';
import { createTransients } from '../src/adapters/discord/transient.js';
import { noticeText } from '../src/commands/notice-text.js';
import { describe as describeSettings, patchFor } from '../src/commands/settings.js';
import { NOTICE_LANGUAGES, type ServerSettings } from '../src/storage/guild-settings.js';
import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import { createInflight, createLimiter } from '../src/adapters/discord/queue.js';
import { createStreamPreview } from '../src/adapters/discord/stream.js';
import type { AnswerRecord } from '../src/storage/store.js';
import { SERVER_DEFAULTS } from './helpers/settings.js';

const BOT = '111111111111111111';

describe('cooldown', () => {
  it('allows N questions per window per user, then says when the oldest expires', () => {
    let now = 1_000_000;
    const cd = createCooldown(() => now);
    const limit = { questions: 2, seconds: 60 };
    expect(cd.take('a', limit)).toEqual({ ok: true });
    now += 10_000;
    expect(cd.take('a', limit)).toEqual({ ok: true });
    expect(cd.take('b', limit)).toEqual({ ok: true });
    expect(cd.take('a', limit)).toEqual({ ok: false, retryAt: 1_060_000 });
    now = 1_060_000;
    expect(cd.take('a', limit)).toEqual({ ok: true }); // the first one has left the window
    expect(cd.take('a', limit)).toEqual({ ok: false, retryAt: 1_070_000 });
  });

  it('a server that lowers its limit takes effect at once, with the right time to retry', () => {
    let now = 0;
    const cd = createCooldown(() => now);
    for (let n = 0; n < 3; n++, now += 1000) expect(cd.take('a', { questions: 5, seconds: 60 }).ok).toBe(true);
    // Three in the window, limit now 2: allowed again once the first two have left it.
    expect(cd.take('a', { questions: 2, seconds: 60 })).toEqual({ ok: false, retryAt: 61_000 });
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
  it('allows listed channels and threads under them; an empty list allows every channel', () => {
    const allowed = ['100000000000000001'];
    expect(channelAllowed(allowed, { channelId: '100000000000000001' })).toBe(true);
    expect(channelAllowed(allowed, { channelId: '7', parentId: '100000000000000001' })).toBe(true);
    expect(channelAllowed(allowed, { channelId: '7' })).toBe(false);
    expect(channelAllowed([], { channelId: '7' })).toBe(true);
    expect(noticeText('en').notHere(allowed)).toBe("Sorry, I don't answer in this channel. Ask me in <#100000000000000001>.");
  });

  it('the bot needs View Channel, Send Messages (in threads: Send Messages in Threads) and Embed Links to post', () => {
    const all = new PermissionsBitField([
      PermissionFlagsBits.ViewChannel,
      PermissionFlagsBits.SendMessages,
      PermissionFlagsBits.SendMessagesInThreads,
      PermissionFlagsBits.EmbedLinks,
    ]);
    expect(missingToPost(all, false)).toEqual([]);
    expect(missingToPost(new PermissionsBitField([PermissionFlagsBits.ViewChannel]), false)).toEqual(['Send Messages', 'Embed Links']);
    expect(missingToPost(new PermissionsBitField([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]), true)).toEqual([
      'Send Messages in Threads',
      'Embed Links',
    ]);
    expect(missingToPost(null, false)).toEqual(['View Channel', 'Send Messages', 'Embed Links']);
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
    expect(ids).toEqual(['fb:up:AbC-12_x', 'fb:down:AbC-12_x', 'src:AbC-12_x']);
    expect(ids.every((id) => id.length <= 100)).toBe(true);
    expect(parseFeedbackId(ids[1]!)).toEqual({ vote: 'down', answerId: 'AbC-12_x' });
    expect(parseButtonId(ids[2]!)).toEqual({ action: 'sources', answerId: 'AbC-12_x' });
    expect(parseFeedbackId('other:up:x')).toBeNull();
    expect(parseButtonId('src:')).toBeNull();
    expect(answerIdIn(['x', ...ids])).toBe('AbC-12_x');
    expect(answerIdIn(['src:Zz9'])).toBe('Zz9');
  });
});

describe('the thread rule', () => {
  const msg = (text: string, over: Partial<ThreadMessage> = {}): ThreadMessage => ({
    text,
    mentioned: false,
    repliesToAnswer: false,
    repliesToOther: false,
    mentionsOthers: false,
    ...over,
  });

  it('reads questions and requests as questions, small talk as not', () => {
    for (const q of [
      'what happened next?',
      'Why did the ferry stop',
      'isn’t that the mayor?',
      'Explain the second point',
      '¿quién lo dijo?',
      'and the budget?',
    ])
      expect(readsAsQuestion(q), q).toBe(true);
    for (const t of ['thanks, that helps!', 'haha ok', 'lol', 'I see.', 'whoa', 'nice one 👍', ''])
      expect(readsAsQuestion(t), t).toBe(false);
  });

  it('questions (default): questions, mentions and replies to answers; not small talk, not what is addressed to others', () => {
    expect(answersInThread('questions', msg('thanks, that helps!'))).toBe(false);
    expect(answersInThread('questions', msg('who paid for it?'))).toBe(true);
    expect(answersInThread('questions', msg('who paid for it?', { repliesToOther: true }))).toBe(false);
    expect(answersInThread('questions', msg('do you agree?', { mentionsOthers: true }))).toBe(false);
    expect(answersInThread('questions', msg('ok', { mentioned: true }))).toBe(true);
    expect(answersInThread('questions', msg('and then', { repliesToAnswer: true }))).toBe(true);
  });

  it('all answers every message not addressed to someone else; mentions only mentions and replies to answers', () => {
    expect(answersInThread('all', msg('haha ok'))).toBe(true);
    expect(answersInThread('all', msg('haha ok', { repliesToOther: true }))).toBe(false);
    expect(answersInThread('mentions', msg('who paid for it?'))).toBe(false);
    expect(answersInThread('mentions', msg('who paid?', { mentioned: true }))).toBe(true);
    expect(answersInThread('mentions', msg('who paid?', { repliesToAnswer: true }))).toBe(true);
  });
});

describe('notices', () => {
  it('every language has every notice, and each differs from English', () => {
    const en = noticeText('en');
    for (const lang of NOTICE_LANGUAGES) {
      const t = noticeText(lang);
      expect(Object.keys(t).sort()).toEqual(Object.keys(en).sort());
      expect(t.cooldown({ questions: 2, seconds: 30 }, 61_000, 1_000)).toMatch(/<t:61:R>.*60/);
      expect(t.postBotNeeds('5', ['Send Messages'])).toContain('<#5>');
      expect(t.postBotNeeds('5', ['Send Messages'])).toContain('Send Messages');
      if (lang !== 'en') expect(t.busy).not.toBe(en.busy);
    }
    expect(en.postMemberNeeds('5', '9')).toMatch(/Manage Messages permission in that channel or the <@&9> role/);
    expect(en.feedbackThanks('down', true)).toBe('Changed: your 👎 is recorded.');
  });

  it('short-lived notices are removed after the delay, or all at once on flush', async () => {
    const removed: string[] = [];
    const slow = createTransients(20);
    slow.schedule(async () => removed.push('a'));
    expect(slow.pending).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(removed).toEqual(['a']);
    const later = createTransients(60_000);
    later.schedule(async () => removed.push('b'));
    later.schedule(async () => Promise.reject(new Error('already deleted')));
    await later.flush();
    expect(removed).toEqual(['a', 'b']);
    expect(later.pending).toBe(0);
  });
});

describe('settings changes', () => {
  const defaults = SERVER_DEFAULTS;
  const channel = (id: string) => ({ kind: 'channel' as const, id, invokerCanManageMessages: true, botMissing: [] });

  it('turn subcommands into patches; default resets', () => {
    expect(patchFor('channels', { action: 'add', channel: channel('1') }, defaults)).toEqual({ allowedChannelIds: ['1'] });
    expect(patchFor('channels', { action: 'add', channel: channel('2') }, { ...defaults, allowedChannelIds: ['1'] })).toEqual({
      allowedChannelIds: ['1', '2'],
    });
    expect(patchFor('channels', { action: 'remove', channel: channel('1') }, { ...defaults, allowedChannelIds: ['1', '2'] })).toEqual({
      allowedChannelIds: ['2'],
    });
    expect(() => patchFor('channels', { action: 'remove', channel: channel('1') }, { ...defaults, allowedChannelIds: ['1'] })).toThrow(
      /everywhere/,
    );
    expect(patchFor('channels', { action: 'default' }, defaults)).toEqual({ allowedChannelIds: null });
    expect(patchFor('cooldown', { seconds: 10 }, defaults)).toEqual({ cooldown: { questions: 5, seconds: 10 } });
    expect(patchFor('cooldown', {}, defaults)).toEqual({ cooldown: null });
    expect(patchFor('threads', { mode: 'all' }, defaults)).toEqual({ threadMode: 'all' });
    expect(patchFor('threads', { mode: 'default' }, defaults)).toEqual({ threadMode: null });
    expect(patchFor('summary_role', { role: '77' }, defaults)).toEqual({ summaryRoleId: '77' });
    expect(patchFor('summary_role', {}, defaults)).toEqual({ summaryRoleId: null });
    expect(patchFor('article_role', { role: '78' }, defaults)).toEqual({ articleRoleId: '78' });
    expect(patchFor('article_role', {}, defaults)).toEqual({ articleRoleId: null });
    expect(patchFor('dms', { policy: 'members' }, defaults)).toEqual({ dmPolicy: 'members' });
    expect(patchFor('language', { value: 'fr' }, defaults)).toEqual({ language: 'fr' });
  });

  it('show what is in force, marking defaults', () => {
    const text = describeSettings(defaults, { threadMode: 'mentions', allowedChannelIds: ['1'] });
    expect(text).toContain('• Channels: <#1>\n');
    expect(text).toContain('• Cooldown: 5 questions per 60 s per person (default)');
    expect(text).toContain('(`mentions`)\n');
    expect(text).toContain('• Notice language: `en` (default)');
    expect(text).toContain('• Article role: none (besides Manage Server, may change the article) (default)');
    expect(describeSettings(defaults, { articleRoleId: '78' })).toContain('• Article role: <@&78> (besides Manage Server');
  });
});

describe('server policy', () => {
  const defaults = SERVER_DEFAULTS;
  const store = (rows: Record<string, Partial<ServerSettings>>) => ({
    get: async (id: string) => rows[id] ?? {},
    all: async () => new Map(Object.entries(rows)),
    update: async () => ({}),
  });

  it('DMs: off by default; members of a server that allows them; everyone with ALLOW_DMS; decisions are remembered', async () => {
    const asked: string[] = [];
    const isMember = async (g: string, u: string) => (asked.push(`${g}:${u}`), g === 'open' && u === 'member');
    const policy = createServerPolicy({
      store: store({ open: { dmPolicy: 'members' }, closed: { language: 'de' } }),
      defaults,
      allowAllDms: false,
      isMember,
    });
    expect(await policy.dmAllowed('member')).toBe(true);
    expect(await policy.dmAllowed('stranger')).toBe(false);
    expect(await policy.dmAllowed('stranger')).toBe(false);
    expect(asked).toEqual(['open:member', 'open:stranger']);
    expect(await createServerPolicy({ store: store({}), defaults, allowAllDms: false, isMember }).dmAllowed('member')).toBe(false);
    expect(await createServerPolicy({ store: store({}), defaults, allowAllDms: true, isMember }).dmAllowed('anyone')).toBe(true);
    expect((await policy.settings('closed')).language).toBe('de');
    expect(await policy.settings()).toEqual(defaults);
  });
});

describe('show sources', () => {
  const record = {
    id: 'a1',
    time: '2026-01-01T00:00:00.000Z',
    question: 'When does the ferry run?',
    answer: 'Twice a day [¶2].',
    answerable: true,
    citations: [
      { doc: 'harbour', paragraph: 2, quote: 'The ferry runs twice a day.' },
      { doc: 'harbour', paragraph: 2, quote: 'It stops in winter.' },
      { doc: 'harbour', paragraph: 5, quote: 'A quote that is gone.' },
    ],
    mode: 'extractive' as const,
  };
  const paragraph = (n: number, text: string) => ({ doc: 'harbour', n, text, sections: [], sentences: [] });

  it('shows each cited paragraph in full with its quotes in bold; a changed paragraph shows the stored quote', () => {
    const current = new Map([
      [2, paragraph(2, 'Boats are old. The ferry runs twice a day. It stops in winter. Tickets cost two euros.')],
      [5, paragraph(5, 'Rewritten since.')],
    ]);
    const [m, ...rest] = sourcesMessages(
      record,
      (ref) => current.get(ref.paragraph),
      () => 'Harbour news',
      false,
    );
    expect(rest).toEqual([]);
    expect(m!.content).toBe(
      [
        '**Harbour news — ¶2**',
        'Boats are old. **The ferry runs twice a day.** **It stops in winter.** Tickets cost two euros.',
        '',
        '**Harbour news — ¶5** (the article changed since this answer; the quote as it was)',
        '> “A quote that is gone.”',
      ].join('\n'),
    );
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
