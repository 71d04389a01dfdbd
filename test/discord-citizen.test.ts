// End to end: footnote as a good citizen of a real server — the thread rule, /settings, posting
// summaries where it is allowed, one vote per person, "Ask footnote", "Show sources", short-lived
// notices, DMs — with the real discord.js client against the loopback fake; assertions are on
// what Discord would receive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYONE_PERMISSIONS, type FakeDiscord, type RecordedRequest, type SlashOption } from '../src/bench/fake-discord/index.js';
import { openExistingStore } from '../src/storage/index.js';
import { body, callbackOf, channelPost, originalEditOf, startHarness, user, type Harness } from './discord-harness.js';

const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';
const MANAGE_MESSAGES = 1n << 13n;
const MANAGE_GUILD = 1n << 5n;
const SEND_MESSAGES = 1n << 11n;
const with_ = (...bits: bigint[]) => bits.reduce((all, b) => all | b, BigInt(EVERYONE_PERMISSIONS)).toString();
const MODERATOR = with_(MANAGE_MESSAGES);
const ADMIN = with_(MANAGE_GUILD, MANAGE_MESSAGES);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness;
let fake: FakeDiscord;
let guildId: string;
const channel: Record<string, string> = {};
let posterRole: string;

beforeAll(async () => {
  h = await startHarness({
    env: { MAX_QUESTION_CHARS: '300' },
    run: { noticeTtlMs: 400 },
    fake: {
      guilds: [
        {
          channels: [{ name: 'general' }, { name: 'news' }, { name: 'locked' }],
          roles: [{ name: 'summary-posters' }],
        },
      ],
    },
  });
  fake = h.fake;
  guildId = fake.guilds[0]!.id;
  for (const c of fake.state.guildChannels(guildId)) channel[String(c.name)] = String(c.id);
  posterRole = fake.guilds[0]!.roles.find((r) => r.name === 'summary-posters')!.id as string;
  // #locked: the bot's role may not send there (an overwrite the guild cache knows about).
  const locked = fake.state.channels.get(channel.locked!)!;
  locked.permission_overwrites = [{ id: fake.guilds[0]!.botRoleId, type: 0, allow: '0', deny: SEND_MESSAGES.toString() }];
});
afterAll(async () => {
  expect(await h.close()).toBe(0);
});

function slash(
  name: string,
  options: SlashOption[] = [],
  extra: Parameters<FakeDiscord['build']['slash']>[0] extends infer T ? Partial<T> : never = {},
) {
  return fake.sendInteraction(fake.build.slash({ name, options, user: user('someone'), ...extra }));
}
/** Runs /settings as a server manager and returns the private reply's text. */
async function settings(subcommand: string, options: SlashOption[] = []): Promise<string> {
  const i = slash('settings', [{ name: subcommand, type: 'subcommand', options }], { permissions: ADMIN, user: user('admin') });
  expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
  return String(body(await fake.waitForRequest(originalEditOf(fake, i))).content);
}
const postsTo = (channelId: string, from: number) => fake.requests.slice(from).filter(channelPost(channelId));
const deleted = (channelId: string, messageId: string) => (r: RecordedRequest) =>
  r.method === 'DELETE' && r.path === `/channels/${channelId}/messages/${messageId}`;

/** An @mention in #general: resolves with the thread the bot opened and its answer there. */
async function askByMention(author: ReturnType<typeof user>, text = QUESTION) {
  const asked = fake.sendMessage(fake.build.message({ content: text, mentionBot: true, author, channelId: channel.general! }));
  const threadId = asked.id; // a thread started from a message has the message's id
  const answer = await fake.waitForRequest(channelPost(threadId), 10_000);
  return { threadId, answer };
}

describe('thread etiquette', () => {
  it('in a thread the bot opened, small talk gets no reply and a question gets an answer (with the thread’s history)', async () => {
    const tess = user('tess');
    const { threadId } = await askByMention(tess);
    const mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: 'thanks, that helps!', channelId: threadId, author: tess }));
    fake.sendMessage(fake.build.message({ content: 'haha ok', channelId: threadId, author: user('friend') }));
    fake.sendMessage(fake.build.message({ content: 'What is his job?', channelId: threadId, author: tess }));
    const answer = await fake.waitForRequest(channelPost(threadId), 10_000, mark);
    expect(String(body(answer).content)).toContain('[¶4]'); // "his" resolved through the earlier turn
    await sleep(500);
    expect(postsTo(threadId, mark)).toHaveLength(1);
  });

  it('the rule is per server: mentions (only mentions and replies to answers), all (every message), then back to the default', async () => {
    const rae = user('rae');
    const { threadId, answer } = await askByMention(rae);
    expect(await settings('threads', [{ name: 'mode', type: 'string', value: 'mentions' }])).toContain('(`mentions`)');
    let mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: 'What is his job?', channelId: threadId, author: rae }));
    await sleep(600);
    expect(postsTo(threadId, mark)).toHaveLength(0);
    // A reply to the bot's answer is for the bot, mention or not.
    const answerId = String((answer.response as { id: string }).id);
    fake.sendMessage(fake.build.message({ content: 'What is his job?', channelId: threadId, author: rae, replyTo: answerId }));
    expect(String(body(await fake.waitForRequest(channelPost(threadId), 10_000, mark)).content)).toContain('[¶4]');

    expect(await settings('threads', [{ name: 'mode', type: 'string', value: 'all' }])).toContain('(`all`)');
    mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: 'his job', channelId: threadId, author: rae }));
    await fake.waitForRequest(channelPost(threadId), 10_000, mark);
    expect(await settings('threads', [{ name: 'mode', type: 'string', value: 'default' }])).toContain('(`questions`) (default)');
  });

  it('a reply to a notice of the bot is not a question; the notice itself is deleted after a few seconds', async () => {
    const mark = fake.mark().requests;
    const bare = fake.sendMessage(fake.build.message({ content: '', mentionBot: true, author: user('nia'), channelId: channel.general! }));
    const hint = await fake.waitForRequest(channelPost(channel.general!), 5000, mark);
    expect(String(body(hint).content)).toMatch(/^Ask me a question about the article/);
    const noticeId = String((hint.response as { id: string }).id);
    const reply = fake.sendMessage(
      fake.build.message({ content: 'what do you mean?', replyTo: noticeId, author: user('nia'), channelId: channel.general! }),
    );
    await fake.waitForRequest(deleted(channel.general!, noticeId), 5000, mark);
    await sleep(300);
    expect(fake.requests.slice(mark).filter((r) => r.method === 'POST' && r.path.includes(`/messages/${reply.id}`))).toEqual([]);
    expect(postsTo(channel.general!, mark)).toHaveLength(1); // the hint, and nothing for the reply
    expect(bare.id).not.toBe(reply.id);
  });

  it('cooldown: for a message the notice is public and deleted after a few seconds; for a command it is private', async () => {
    expect(await settings('cooldown', [{ name: 'questions', type: 'integer', value: 1 }])).toContain('1 question per 60 s per person\n');
    const cal = user('cal');
    await askByMention(cal);
    const mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: QUESTION, mentionBot: true, author: cal, channelId: channel.general! }));
    const notice = await fake.waitForRequest(channelPost(channel.general!), 5000, mark);
    expect(String(body(notice).content)).toMatch(/You've asked 1 question in the last 60 s\. You can ask again <t:\d+:R>/);
    await fake.waitForRequest(deleted(channel.general!, String((notice.response as { id: string }).id)), 5000, mark);
    const i = slash('ask', [{ name: 'question', type: 'string', value: QUESTION }], { user: cal });
    expect(body(await fake.waitForRequest(callbackOf(i)))).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/^You've asked 1/) },
    });
    expect(await settings('cooldown')).toContain('5 questions per 60 s per person (default)');
  });
});

describe('/summary', () => {
  it('a plain member gets a private summary with paragraph citations', async () => {
    const i = slash('summary', [{ name: 'length', type: 'string', value: 'short' }]);
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    const content = String(body(await fake.waitForRequest(originalEditOf(fake, i), 10_000)).content);
    expect(content).toMatch(/^\*\*Summary of “/);
    const points = content.split('\n').filter((l) => l.startsWith('• '));
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p).toMatch(/\[¶\d+\]$/);
  });

  const postTo = (target: string, o: { invoker: string; inTarget?: string; roles?: string[] }) =>
    slash(
      'summary',
      [
        { name: 'length', type: 'string', value: 'short' },
        { name: 'post_to', type: 'channel', value: target, ...(o.inTarget ? { permissions: o.inTarget } : {}) },
      ],
      {
        permissions: o.invoker,
        user: user('mod'),
        ...(o.roles ? { roles: o.roles } : {}),
      },
    );
  const refusal = async (i: ReturnType<typeof slash>) => {
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    return String(body(await fake.waitForRequest(originalEditOf(fake, i), 10_000)).content);
  };

  it('post_to with Manage Messages only in the invoking channel is refused privately, naming what is missing; nothing is posted', async () => {
    const mark = fake.mark().requests;
    const text = await refusal(postTo(channel.news!, { invoker: MODERATOR, inTarget: EVERYONE_PERMISSIONS }));
    expect(text).toBe(
      `Posting a summary in <#${channel.news}> needs the Manage Messages permission in that channel. Run /summary without post_to to see it privately.`,
    );
    expect(postsTo(channel.news!, mark)).toHaveLength(0);
    expect(fake.messages(channel.news!)).toHaveLength(0);
  });

  it('post_to with Manage Messages in the target posts the cited summary there and confirms privately', async () => {
    const mark = fake.mark().requests;
    const i = postTo(channel.news!, { invoker: EVERYONE_PERMISSIONS, inTarget: MODERATOR });
    const post = await fake.waitForRequest(channelPost(channel.news!), 10_000, mark);
    expect(String(body(post).content)).toMatch(/^\*\*Summary of “[^\n]+\n• .+\[¶\d+\]/);
    expect(body(await fake.waitForRequest(originalEditOf(fake, i))).content).toBe(`Posted the summary in <#${channel.news}>.`);
  });

  it('post_to where the bot may not send is refused before anything is tried, naming the bot’s missing permission', async () => {
    const mark = fake.mark().requests;
    const text = await refusal(postTo(channel.locked!, { invoker: MODERATOR }));
    expect(text).toBe(`I cannot post in <#${channel.locked}>: I am missing Send Messages there. A server admin can grant it.`);
    expect(postsTo(channel.locked!, mark)).toHaveLength(0);
  });

  it('post_to a channel footnote does not answer in is refused; the summary-poster role may post without Manage Messages', async () => {
    await settings('channels', [
      { name: 'action', type: 'string', value: 'add' },
      { name: 'channel', type: 'channel', value: channel.general! },
    ]);
    let mark = fake.mark().requests;
    expect(await refusal(postTo(channel.news!, { invoker: MODERATOR }))).toBe(
      `I don't answer in <#${channel.news}> on this server, so I won't post there. Pick a channel I answer in.`,
    );
    expect(postsTo(channel.news!, mark)).toHaveLength(0);
    await settings('channels', [{ name: 'action', type: 'string', value: 'default' }]);

    expect(await settings('summary_role', [{ name: 'role', type: 'role', value: posterRole }])).toContain(`<@&${posterRole}>`);
    mark = fake.mark().requests;
    postTo(channel.news!, { invoker: EVERYONE_PERMISSIONS, roles: [posterRole] });
    await fake.waitForRequest(channelPost(channel.news!), 10_000, mark);
    await settings('summary_role');
  });

  it('/settings article_role lets that role choose the article without Manage Server; resetting it takes that back', async () => {
    const listAsMember = async () => {
      const i = slash('article', [{ name: 'list', type: 'subcommand', options: [] }], {
        permissions: EVERYONE_PERMISSIONS,
        user: user('reader'),
        roles: [posterRole],
      });
      return String(body(await fake.waitForRequest(originalEditOf(fake, i), 10_000)).content);
    };
    expect(await listAsMember()).toBe('Changing the article needs the Manage Server permission.');
    expect(await settings('article_role', [{ name: 'role', type: 'role', value: posterRole }])).toContain(
      `• Article role: <@&${posterRole}>`,
    );
    expect(await listAsMember()).toContain('Articles in this server');
    expect(await settings('article_role')).toContain('• Article role: none (besides Manage Server, may change the article) (default)');
    expect(await listAsMember()).toBe('Changing the article needs the Manage Server permission.');
  });
});

describe('buttons under an answer', () => {
  it('the same person clicking 👍 three times and then 👎 leaves exactly one vote, 👎', async () => {
    const i = slash('ask', [{ name: 'question', type: 'string', value: QUESTION }], { user: user('fay') });
    const edit = body(await fake.waitForRequest(originalEditOf(fake, i), 10_000));
    const answerId = /"custom_id":"fb:up:([\w-]+)"/.exec(JSON.stringify(edit.components))![1]!;
    const voter = user('vic');
    const replies: unknown[] = [];
    for (const vote of ['up', 'up', 'up', 'down']) {
      const click = fake.sendInteraction(
        fake.build.button({ customId: `fb:${vote}:${answerId}`, message: fake.interaction(i.id)!.originalMessageId!, user: voter }),
      );
      replies.push(body(await fake.waitForRequest(callbackOf(click))).data);
    }
    expect(replies.map((r) => (r as { content: string }).content)).toEqual([
      'Thanks — your 👍 is recorded.',
      'Thanks — your 👍 is recorded.',
      'Thanks — your 👍 is recorded.',
      'Changed: your 👎 is recorded.',
    ]);
    for (const r of replies) expect(r).toMatchObject({ flags: 64 });
    const store = openExistingStore(h.env.DATA_DIR!)!;
    try {
      const votes = (await store.feedback.entries()).filter((e) => e.answerId === answerId);
      expect(votes.map((v) => [v.userId, v.vote])).toEqual([[voter.id, 'down']]);
    } finally {
      await store.close();
    }
  });

  it('"Ask footnote" on a message answers that message privately; "Show sources" expands the cited paragraphs privately', async () => {
    const posted = fake.sendMessage(fake.build.message({ content: QUESTION, author: user('quinn'), channelId: channel.general! }));
    const i = fake.sendInteraction(fake.build.messageCommand({ name: 'Ask footnote', message: posted.id, user: user('asker') }));
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    const edit = body(await fake.waitForRequest(originalEditOf(fake, i), 10_000));
    expect(String(edit.content)).toContain('Bessent');
    const cited = Number(/\[¶(\d+)\]/.exec(String(edit.content))![1]);
    const sources = /"custom_id":"(src:[\w-]+)"/.exec(JSON.stringify(edit.components))![1]!;
    const click = fake.sendInteraction(
      fake.build.button({ customId: sources, message: fake.interaction(i.id)!.originalMessageId!, user: user('asker') }),
    );
    const shown = body(await fake.waitForRequest(callbackOf(click))) as { type: number; data: { flags: number; content: string } };
    expect(shown).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(shown.data.content).toContain(`— ¶${cited}**`);
    expect(shown.data.content).toMatch(/\*\*[^*]*Bessent[^*]*\*\*/); // the quoted sentence, in bold, inside its paragraph
  });
});

describe('settings, DMs and help', () => {
  it('/settings is refused to members without Manage Server', async () => {
    const i = slash('settings', [{ name: 'show', type: 'subcommand' }], { permissions: MODERATOR });
    await fake.waitForRequest(callbackOf(i));
    expect(String(body(await fake.waitForRequest(originalEditOf(fake, i))).content)).toMatch(/needs the Manage Server permission/);
  });

  it('DMs are off by default; with /settings dms members, this server’s members may ask in DMs and others may not', async () => {
    const member = user('member');
    const outsider = user('outsider');
    const ask = (u: ReturnType<typeof user>) => fake.sendMessage(fake.build.message({ content: QUESTION, dm: true, author: u }));
    let dm = ask(user('early'));
    expect(String(body(await fake.waitForRequest(channelPost(dm.channel_id))).content)).toMatch(/not in direct messages/);
    await settings('dms', [{ name: 'policy', type: 'string', value: 'members' }]);
    fake.setGuildMembers(guildId, [member.id]);
    const mark = fake.mark().requests;
    dm = ask(member);
    expect(String(body(await fake.waitForRequest(channelPost(dm.channel_id), 10_000, mark)).content)).toContain('Bessent');
    dm = ask(outsider);
    expect(String(body(await fake.waitForRequest(channelPost(dm.channel_id), 10_000, mark)).content)).toMatch(/not in direct messages/);
    await settings('dms', [{ name: 'policy', type: 'string', value: 'default' }]);
  });

  it('/help reports the limits in force here: MAX_QUESTION_CHARS and this server’s cooldown', async () => {
    await settings('cooldown', [
      { name: 'questions', type: 'integer', value: 2 },
      { name: 'seconds', type: 'integer', value: 30 },
    ]);
    const i = slash('help');
    const content = String(body(await fake.waitForRequest(originalEditOf(fake, i))).content);
    expect(content).toContain('Questions up to 300 characters.');
    expect(content).toContain('2 questions per 30 s per person.');
    expect(content).toContain('Ask footnote');
    await settings('cooldown');
  });

  it('/settings language changes the notices of this server', async () => {
    await settings('language', [{ name: 'value', type: 'string', value: 'de' }]);
    await settings('cooldown', [{ name: 'questions', type: 'integer', value: 1 }]);
    const dana = user('dana');
    await fake.waitForRequest(
      originalEditOf(fake, slash('ask', [{ name: 'question', type: 'string', value: QUESTION }], { user: dana })),
      10_000,
    );
    const i = slash('ask', [{ name: 'question', type: 'string', value: QUESTION }], { user: dana });
    expect(body(await fake.waitForRequest(callbackOf(i)))).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringMatching(/^Du hast in den letzten 60 s 1 Frage gestellt/) },
    });
    await settings('language', [{ name: 'value', type: 'string', value: 'default' }]);
    await settings('cooldown');
  });
});
