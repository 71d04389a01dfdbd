// End to end: footnote's bot started like `npm start` (runDiscord) against the loopback Discord fake;
// assertions are on what Discord would receive.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExistingStore } from '../src/storage/index.js';
import { EVERYONE_PERMISSIONS } from '../src/bench/fake-discord/index.js';
import { body, callbackOf, channelPost, originalEditOf, sentMessages, startHarness, user, type Harness } from './discord-harness.js';
import { REPO_CORPUS } from './helpers/app.js';

const MODERATOR = (BigInt(EVERYONE_PERMISSIONS) | (1n << 13n)).toString(); // + Manage Messages
const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';
const article = readFileSync(path.join(REPO_CORPUS, 'us-china-trade-talks.md'), 'utf8');
/** Body paragraphs after the front matter and the title heading, numbered from 1 like the core does. */
const paragraphs = article
  .split(/^---$/m)[2]!
  .split(/\n\s*\n/)
  .map((p) => p.trim())
  .filter((p) => p && !p.startsWith('# '));

let h: Harness;
let newsId: string;

beforeAll(async () => {
  h = await startHarness({ fake: { guilds: [{ channels: [{ name: 'general' }, { name: 'news' }] }] } });
  newsId = h.fake.state.guildChannels(h.fake.guilds[0]!.id).find((c) => c.name === 'news')!.id as string;
});
afterAll(async () => {
  expect(await h.close()).toBe(0);
});

describe('footnote on Discord (real discord.js client, loopback fake)', () => {
  it('/ask defers first, then edits in the answer with a valid [¶N] and its quoted sentence', async () => {
    const { fake } = h;
    const sentAt = Date.now();
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('ana') }),
    );
    const cb = await fake.waitForRequest(callbackOf(i));
    expect(body(cb)).toMatchObject({ type: 5 });
    expect(cb.at - sentAt).toBeLessThan(1500);
    const edit = await fake.waitForRequest(originalEditOf(fake, i));
    const content = String(body(edit).content);
    expect(content).toContain('Bessent');
    const cited = /> \*\*\[¶(\d+)\]\*\* “(.+)”/.exec(content);
    expect(cited).not.toBeNull();
    const n = Number(cited![1]);
    expect(content).toContain(`[¶${n}]`);
    expect(paragraphs[n - 1]).toContain(cited![2]!.replace(/\\(.)/g, '$1')); // the quote is verbatim from ¶N
    expect(JSON.stringify(body(edit).components)).toMatch(/"custom_id":"fb:up:[\w-]+"/);
    expect(body(edit).allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(fake.interaction(i.id)?.callbacks).toEqual([5]);
  });

  it('/ask with @everyone in the question: no message the bot sends may ping', async () => {
    const { fake } = h;
    const before = fake.mark().requests;
    const i = fake.sendInteraction(
      fake.build.slash({
        name: 'ask',
        options: [{ name: 'question', type: 'string', value: '@everyone <@&123456789012345678> who is the Treasury Secretary?' }],
        user: user('eve'),
      }),
    );
    const edit = await fake.waitForRequest(originalEditOf(fake, i), 5000, before);
    expect(String(body(edit).content)).not.toMatch(/@everyone|<@&/);
    const sent = sentMessages(fake);
    expect(sent.length).toBeGreaterThan(0);
    for (const { message } of sent) expect((message.allowed_mentions as { parse?: unknown[] }).parse).toEqual([]);
    expect(edit.response).toMatchObject({ mention_everyone: false, mention_roles: [] });
  });

  it('/ask private:true answers ephemerally', async () => {
    const { fake } = h;
    const i = fake.sendInteraction(
      fake.build.slash({
        name: 'ask',
        options: [
          { name: 'question', type: 'string', value: QUESTION },
          { name: 'private', type: 'boolean', value: true },
        ],
        user: user('pia'),
      }),
    );
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    await fake.waitForRequest(originalEditOf(fake, i));
    expect(Number(fake.message(fake.interaction(i.id)!.originalMessageId!)?.flags) & 64).toBe(64);
  });

  it('/summary post_to without Manage Messages: ephemeral refusal, nothing posted', async () => {
    const { fake } = h;
    const before = fake.mark().requests;
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'summary', options: [{ name: 'post_to', type: 'channel', value: newsId }], user: user('max') }),
    );
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await fake.waitForRequest(originalEditOf(fake, i), 5000, before);
    expect(String(body(edit).content)).toContain('Manage Messages');
    expect(fake.requests.slice(before).some(channelPost(newsId))).toBe(false);
    expect(fake.messages(newsId)).toHaveLength(0);
  });

  it('/summary post_to by a moderator posts cited points there and confirms privately', async () => {
    const { fake } = h;
    const i = fake.sendInteraction(
      fake.build.slash({
        name: 'summary',
        options: [
          { name: 'length', type: 'string', value: 'short' },
          { name: 'post_to', type: 'channel', value: newsId },
        ],
        user: user('mod'),
        permissions: MODERATOR,
      }),
    );
    const post = await fake.waitForRequest(channelPost(newsId));
    const content = String(body(post).content);
    expect(content).toMatch(/^\*\*Summary of “/);
    const points = content.split('\n').filter((l) => l.startsWith('• '));
    expect(points.length).toBeGreaterThan(0);
    for (const p of points) expect(p).toMatch(/\[¶\d+\]$/);
    const edit = await fake.waitForRequest(originalEditOf(fake, i));
    expect(body(edit).content).toBe(`Posted the summary in <#${newsId}>.`);
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
  });

  it('/source shows the paragraph in full; doc autocomplete lists the documents', async () => {
    const { fake } = h;
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'source', options: [{ name: 'paragraph', type: 'integer', value: 3 }], user: user('sol') }),
    );
    const edit = await fake.waitForRequest(originalEditOf(fake, i));
    const content = String(body(edit).content);
    expect(content).toMatch(/— ¶3\*\*/);
    expect(content.replace(/\\(.)/g, '$1')).toContain(paragraphs[2]!);
    const ac = fake.sendInteraction(
      fake.build.autocomplete({
        name: 'source',
        options: [
          { name: 'paragraph', type: 'integer', value: 3 },
          { name: 'doc', type: 'string', value: 'china', focused: true },
        ],
      }),
    );
    const cb = await fake.waitForRequest(callbackOf(ac));
    expect(body(cb)).toEqual({
      type: 8,
      data: { choices: [{ name: expect.stringContaining('(us-china-trade-talks)'), value: 'us-china-trade-talks' }] },
    });
  });

  it('/help lists the commands privately', async () => {
    const { fake } = h;
    const i = fake.sendInteraction(fake.build.slash({ name: 'help', user: user('hal') }));
    const edit = await fake.waitForRequest(originalEditOf(fake, i));
    for (const c of ['/ask', '/source', '/summary', '@mention']) expect(String(body(edit).content)).toContain(c);
    expect(body(await fake.waitForRequest(callbackOf(i)))).toMatchObject({ data: { flags: 64 } });
  });

  it('@mention: a thread from the question with the answer; a follow-up there needs no mention and uses the earlier turn', async () => {
    const { fake } = h;
    const author = user('tess');
    const asked = fake.sendMessage(fake.build.message({ content: QUESTION, mentionBot: true, author }));
    const thread = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.path === `/channels/${fake.defaultChannelId()}/messages/${asked.id}/threads`,
    );
    expect(thread.status).toBe(201);
    expect(body(thread).name).toBe(QUESTION);
    const threadId = asked.id;
    const answer = await fake.waitForRequest(channelPost(threadId));
    expect(String(body(answer).content)).toContain('Bessent');

    // Without history "What is his job?" has no answer; with the thread's first turn it is ¶4.
    const mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: 'What is his job?', channelId: threadId, author }));
    const followUp = await fake.waitForRequest(channelPost(threadId), 5000, mark);
    const content = String(body(followUp).content);
    expect(content).toContain('Treasury Secretary');
    expect(content).toContain('[¶4]');
    expect(fake.requests.slice(mark).some((r) => r.method === 'GET' && r.path === `/channels/${threadId}/messages`)).toBe(true);
  });

  it('a reply to one of the bot’s answers is answered in a thread too', async () => {
    const { fake } = h;
    const author = user('rey');
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: author }),
    );
    await fake.waitForRequest(originalEditOf(fake, i));
    const answerId = fake.interaction(i.id)!.originalMessageId!;
    const reply = fake.sendMessage(fake.build.message({ content: 'What is his job?', replyTo: answerId, author }));
    await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/messages/${reply.id}/threads`));
    const answer = await fake.waitForRequest(channelPost(reply.id));
    expect(String(body(answer).content)).toContain('[¶4]');
  });

  it('ignores other bots, itself and plain chatter', async () => {
    const { fake } = h;
    const mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: QUESTION, mentionBot: true, author: { ...user('robot'), bot: true } }));
    fake.sendMessage(fake.build.message({ content: 'just chatting about the talks', author: user('chat') }));
    const probe = fake.sendInteraction(fake.build.slash({ name: 'help', user: user('probe') }));
    await fake.waitForRequest(originalEditOf(fake, probe), 5000, mark);
    expect(fake.requests.slice(mark).filter((r) => r.method === 'POST' && r.path.includes('/channels/'))).toEqual([]);
  });

  it('cooldown: the 6th question within a minute is refused ephemerally with when to retry', async () => {
    const { fake } = h;
    const impatient = user('ian');
    for (let n = 0; n < 5; n++) {
      const i = fake.sendInteraction(
        fake.build.slash({
          name: 'ask',
          options: [
            { name: 'question', type: 'string', value: QUESTION },
            { name: 'private', type: 'boolean', value: true },
          ],
          user: impatient,
        }),
      );
      await fake.waitForRequest(originalEditOf(fake, i));
    }
    const sixth = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: impatient }),
    );
    const cb = body(await fake.waitForRequest(callbackOf(sixth)));
    expect(cb).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(String((cb.data as { content: string }).content)).toMatch(
      /5 questions in the last 60 s\. You can ask again <t:\d+:R> \(in \d+ s\)/,
    );
    // someone else is unaffected
    const other = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('olga') }),
    );
    expect(body(await fake.waitForRequest(callbackOf(other)))).toMatchObject({ type: 5 });
  });

  it('👍 records question, answer, citations, user and time in the database and acknowledges privately', async () => {
    const { fake } = h;
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('fay') }),
    );
    const edit = await fake.waitForRequest(originalEditOf(fake, i));
    const customId = /"custom_id":"(fb:up:[\w-]+)"/.exec(JSON.stringify(body(edit).components))![1]!;
    const voter = user('vic');
    const click = fake.sendInteraction(fake.build.button({ customId, message: fake.interaction(i.id)!.originalMessageId!, user: voter }));
    const cb = body(await fake.waitForRequest(callbackOf(click)));
    expect(cb).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringContaining('👍') } });
    const store = openExistingStore(h.env.DATA_DIR!)!;
    const records = await store.feedback.entries();
    await store.close();
    const mine = records.find((r) => r.userId === voter.id);
    expect(mine).toMatchObject({
      vote: 'up',
      question: QUESTION,
      answerable: true,
      citations: [expect.objectContaining({ paragraph: 4, doc: 'us-china-trade-talks' })],
    });
    expect(String(mine!.answer)).toContain('Bessent');
    expect(Date.parse(mine!.time)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('after the fake drops the gateway connection the bot resumes and answers the next question', async () => {
    const { fake } = h;
    const mark = fake.mark();
    expect(fake.closeConnections(1006)).toBe(1);
    await fake.waitForSession(0, 8000, mark.gateway);
    const i = fake.sendInteraction(
      fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('dora') }),
    );
    const edit = await fake.waitForRequest(originalEditOf(fake, i), 8000, mark.requests);
    expect(String(body(edit).content)).toContain('Bessent');
  });

  it('never logs the token', () => {
    const all = h.logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(h.fake.token);
  });
});
