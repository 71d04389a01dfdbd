// Proves the loopback Discord fake against the real discord.js client (REST + gateway wire protocol).
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Intents,
  noIdentifyThrottle,
  shardOf,
  startFakeDiscord,
  type FakeDiscord,
  type RecordedRequest,
} from '../src/bench/fake-discord/index.js';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];

let fake: FakeDiscord | undefined;
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await fake?.close();
  fake = undefined;
});

async function start(opts: Parameters<typeof startFakeDiscord>[0] = {}): Promise<FakeDiscord> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 250, ...opts });
  return fake;
}

async function connect(f: FakeDiscord, extra: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({ intents: INTENTS, rest: { api: f.apiUrl, cdn: f.cdnUrl }, ...extra });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(f.token);
  await ready;
  return client;
}

/** Resolves with the next interaction the client emits (after running `handler` on it). */
function nextInteraction(client: Client, handler: (i: Interaction) => Promise<unknown> = async () => undefined): Promise<Interaction> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => {
      handler(i).then(() => resolve(i), reject);
    });
  });
}

const isPatchOriginal = (r: RecordedRequest): boolean => r.method === 'PATCH' && r.path.endsWith('/messages/@original');

describe('fake Discord with the real discord.js client', () => {
  it('logs in: gateway/bot over REST, IDENTIFY with intents, READY + GUILD_CREATE → clientReady', async () => {
    const f = await start();
    const client = await connect(f);
    expect(client.user?.id).toBe(f.botUser.id);
    expect(client.guilds.cache.map((g) => g.id)).toEqual([f.guilds[0]?.id]);
    expect(client.guilds.cache.first()?.members.me?.id).toBe(f.botUser.id);
    expect(f.identifies).toHaveLength(1);
    expect(f.identifies[0]?.shard).toEqual([0, 1]);
    expect(f.identifies[0]?.intents).toBe(Intents.Guilds | Intents.GuildMessages | Intents.MessageContent);
    expect(f.connectionQueries[0]).toEqual({ v: '10', encoding: 'json' });
    const gw = f.requests.find((r) => r.path === '/gateway/bot');
    expect(gw?.authorization).toBe(`Bot ${f.token}`);
    expect(gw?.version).toBe(10);
    // heartbeats are acknowledged
    await f.waitForGateway((e) => e.dir === 'out' && e.op === 11, 2000);
  });

  it('slash command: deferReply + editReply, options resolved (channel, attachment) and files downloadable', async () => {
    const f = await start();
    const client = await connect(f);
    const url = f.addAttachment('notes.txt', 'hello from an attachment', 'text/plain');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/attachments\//);
    const seen: Record<string, unknown> = {};
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.deferReply();
      seen.question = i.options.getString('question');
      seen.private = i.options.getBoolean('private');
      seen.count = i.options.getInteger('count');
      seen.channel = i.options.getChannel('where')?.id;
      const att = i.options.getAttachment('file');
      seen.file = att ? await (await fetch(att.url)).text() : null;
      await i.editReply({ content: `Answer to ${String(seen.question)} [1]`, allowedMentions: { parse: [] } });
    });
    const channelId = f.defaultChannelId();
    const sent = f.sendInteraction(
      f.build.slash({
        name: 'ask',
        options: [
          { name: 'question', type: 'string', value: 'why?' },
          { name: 'private', type: 'boolean', value: false },
          { name: 'count', type: 'integer', value: 3 },
          { name: 'where', type: 'channel', value: channelId },
          { name: 'file', type: 'attachment', file: { name: 'doc.txt', content: 'file body' } },
        ],
      }),
    );
    await handled;
    expect(seen).toEqual({ question: 'why?', private: false, count: 3, channel: channelId, file: 'file body' });
    const cb = await f.waitForRequest((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`);
    expect(cb.body).toMatchObject({ type: 5 });
    expect(cb.status).toBe(204);
    const patch = await f.waitForRequest(isPatchOriginal);
    expect(patch.body).toMatchObject({ content: 'Answer to why? [1]', allowed_mentions: { parse: [] } });
    expect(patch.response).toMatchObject({
      content: 'Answer to why? [1]',
      type: 20,
      interaction_metadata: { id: sent.id, authorizing_integration_owners: { 0: f.guilds[0]?.id } },
    });
    expect(f.messages(channelId).at(-1)?.content).toBe('Answer to why? [1]');
    expect(f.downloads.items.some((d) => d.path.endsWith('/doc.txt') && d.status === 200)).toBe(true);
  });

  it('button update, ephemeral reply withResponse, autocomplete respond', async () => {
    const f = await start();
    const client = await connect(f);
    const channel = client.channels.cache.get(f.defaultChannelId());
    if (!channel?.isSendable()) throw new Error('no sendable channel');
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('more').setLabel('More').setStyle(ButtonStyle.Primary),
    );
    const sentMsg = await channel.send({ content: 'pick', components: [row] });
    const updated = nextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.update({ content: `clicked ${i.customId}`, components: [] });
    });
    const click = f.sendInteraction(f.build.button({ customId: 'more' }));
    await updated;
    const cb = await f.waitForRequest((r) => r.path.includes(`/interactions/${click.id}/`));
    expect(cb.body).toMatchObject({ type: 7, data: { content: 'clicked more', components: [] } });
    expect(f.message(sentMsg.id)).toMatchObject({ content: 'clicked more', components: [] });

    let responseMessageId: string | null = null;
    const replied = nextInteraction(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      const res = await i.reply({ content: 'only you', flags: MessageFlags.Ephemeral, withResponse: true });
      responseMessageId = res.resource?.message?.id ?? null;
    });
    const click2 = f.sendInteraction(f.build.button({ customId: 'more', message: sentMsg.id }));
    await replied;
    const cb2 = await f.waitForRequest((r) => r.path.includes(`/interactions/${click2.id}/`));
    expect(cb2.query).toEqual({ with_response: 'true' });
    expect(cb2.body).toMatchObject({ type: 4, data: { content: 'only you', flags: 64 } });
    expect(responseMessageId).toBe(f.interaction(click2.id)?.originalMessageId);
    expect(f.messages(f.defaultChannelId()).some((m) => m.content === 'only you')).toBe(false); // ephemeral

    const completed = nextInteraction(client, async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      await i.respond([{ name: `${i.options.getFocused()}!`, value: 'x' }]);
    });
    const ac = f.sendInteraction(f.build.autocomplete({ name: 'ask', options: [{ name: 'question', type: 'string', value: 'wh' }] }));
    await completed;
    const cb3 = await f.waitForRequest((r) => r.path.includes(`/interactions/${ac.id}/`));
    expect(cb3.body).toEqual({ type: 8, data: { choices: [{ name: 'wh!', value: 'x' }] } });
  });

  it('commands registration, follow-ups, fetch/delete reply and Discord validation errors', async () => {
    const f = await start();
    const client = await connect(f);
    const app = await client.application?.fetch();
    expect(app?.id).toBe(f.appId);
    const guildId = f.guilds[0]?.id ?? '';
    const cmds = await client.application?.commands.set([{ name: 'ask', description: 'Ask about the article', options: [] }]);
    expect(cmds?.first()?.name).toBe('ask');
    await client.application?.commands.set([{ name: 'eval', description: 'Run the eval set' }], guildId);
    expect(f.globalCommands.map((c) => c.name)).toEqual(['ask']);
    expect(f.guildCommands(guildId).map((c) => c.name)).toEqual(['eval']);
    await expect(client.application?.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035 });

    const out: Record<string, unknown> = {};
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a command');
      out.commandId = i.commandId;
      await expect(i.reply({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035, status: 400 });
      await i.reply({ content: 'first' });
      const fu = await i.followUp({ content: 'more', files: [{ attachment: Buffer.from('a,b\n1,2\n'), name: 'table.csv' }] });
      out.followUpRef = fu.reference?.messageId;
      out.attachment = fu.attachments.first()?.name;
      await i.editReply({ message: fu.id, content: 'more (edited)' });
      out.fetched = (await i.fetchReply()).content;
      await i.deleteReply();
    });
    const sent = f.sendInteraction(f.build.slash({ name: 'ask' }));
    await handled;
    expect(out).toEqual({
      commandId: f.globalCommands[0]?.id,
      followUpRef: f.interaction(sent.id)?.originalMessageId,
      attachment: 'table.csv',
      fetched: 'first',
    });
    const contents = f.messages(f.defaultChannelId()).map((m) => m.content);
    expect(contents).toEqual(['more (edited)']); // the original reply was deleted
    // a second acknowledgement is refused like on Discord
    const again = await fetch(`${f.apiUrl}/v10/interactions/${sent.id}/${sent.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'x' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Interaction has already been acknowledged.', code: 40060 });
  });

  it('MESSAGE_CREATE mentioning the bot → startThread + thread.send with a file; thread history; replies', async () => {
    const f = await start();
    const client = await connect(f);
    const threadDone = new Promise<string>((resolve, reject) => {
      client.on(Events.MessageCreate, (m: Message) => {
        if (m.author.bot || !client.user || !m.mentions.has(client.user) || m.channel.isThread()) return;
        void (async () => {
          const thread = await m.startThread({ name: 'Answer' });
          await thread.send({ content: 'See [2].', files: [{ attachment: Buffer.from('cited text'), name: 'sources.txt' }] });
          return thread.id;
        })().then(resolve, reject);
      });
    });
    const asked = f.sendMessage(f.build.message({ content: 'what happened?', mentionBot: true }));
    const threadId = await threadDone;
    expect(threadId).toBe(asked.id); // threads started from a message share its id
    const started = await f.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/messages/${asked.id}/threads`));
    expect(started.response).toMatchObject({ type: 11, parent_id: f.defaultChannelId(), name: 'Answer' });
    const post = await f.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
    expect(post.body).toMatchObject({ content: 'See [2].' });
    expect(post.files.map((x) => [x.field, x.filename, x.text])).toEqual([['files[0]', 'sources.txt', 'cited text']]);
    await f.waitForGateway((e) => e.t === 'THREAD_CREATE' && (e.d as { id: string }).id === threadId);

    // a follow-up in the thread: the bot reads the thread history over REST
    const history = new Promise<string[]>((resolve) => {
      client.on(Events.MessageCreate, (m: Message) => {
        if (m.author.bot || !m.channel.isThread()) return;
        void m.channel.messages.fetch({ limit: 10 }).then((c) => resolve(c.map((x) => x.content)));
      });
    });
    f.sendMessage(f.build.message({ content: 'and then?', channelId: threadId }));
    expect(await history).toEqual(['and then?', 'See [2].']);

    // a reply with message_reference
    const reply = new Promise<Message>((resolve) =>
      client.on(Events.MessageCreate, (m) => {
        if (m.reference) resolve(m);
      }),
    );
    f.sendMessage(f.build.message({ content: 'follow-up', replyTo: asked.id }));
    const r = await reply;
    expect(r.reference?.messageId).toBe(asked.id);
    expect(r.type).toBe(19);
  });

  it('honours the MessageContent intent for messages that do not mention the bot', async () => {
    const f = await start();
    const client = await connect(f, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const got: string[] = [];
    const two = new Promise<void>((resolve) =>
      client.on(Events.MessageCreate, (m) => {
        got.push(m.content);
        if (got.length === 2) resolve();
      }),
    );
    f.sendMessage(f.build.message({ content: 'plain chatter' }));
    f.sendMessage(f.build.message({ content: 'hi bot', mentionBot: true }));
    await two;
    expect(got).toEqual(['', `<@${String(f.botUser.id)}> hi bot`]);
  });

  it('resumes after close 4000 (replaying a missed interaction) and after an abnormal close', async () => {
    const f = await start();
    const client = await connect(f);
    const ids: string[] = [];
    client.on(Events.InteractionCreate, (i) => ids.push(i.id));

    const m1 = f.mark();
    let resumed = once(client, Events.ShardResume);
    expect(f.closeConnections(4000)).toBe(1);
    const missed = f.sendInteraction(f.build.slash({ name: 'ask' })); // buffered while disconnected
    expect(await f.waitForSession(0, 5000, m1.gateway)).toBe('RESUMED');
    await resumed;
    await expect.poll(() => ids).toContain(missed.id);

    const m2 = f.mark();
    resumed = once(client, Events.ShardResume);
    f.closeConnections(1006);
    expect(await f.waitForSession(0, 5000, m2.gateway)).toBe('RESUMED');
    await resumed;
    const after = f.sendInteraction(f.build.slash({ name: 'ask' }));
    await expect.poll(() => ids).toContain(after.id);
    expect(f.identifies).toHaveLength(1);
    expect(f.connectionCount).toBe(3);
    expect(f.closes.map((c) => [c.code, c.byServer])).toEqual([
      [4000, true],
      [1006, true],
    ]);
  });

  it('recovers from zombie connections, op 7 RECONNECT and non-resumable op 9', async () => {
    const f = await start();
    const client = await connect(f, { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } });
    const ids: string[] = [];
    client.on(Events.InteractionCreate, (i) => ids.push(i.id));

    let m = f.mark();
    let resumed = once(client, Events.ShardResume);
    f.stopHeartbeatAcks();
    await f.waitForGateway((e) => e.dir === 'in' && e.op === 6, 5000, m.gateway); // RESUME after a missed ACK
    f.resumeHeartbeatAcks();
    await resumed;
    expect(f.closes.at(-1)).toMatchObject({ code: 4200, byServer: false }); // discord.js "Zombie connection"

    m = f.mark();
    resumed = once(client, Events.ShardResume);
    f.sendReconnect();
    expect(await f.waitForSession(0, 5000, m.gateway)).toBe('RESUMED');
    await resumed;

    m = f.mark();
    const reidentified = once(client, Events.ShardReady);
    f.sendInvalidSession(false);
    expect(await f.waitForSession(0, 5000, m.gateway)).toBe('READY');
    await reidentified;
    expect(f.identifies).toHaveLength(2);
    const after = f.sendInteraction(f.build.slash({ name: 'ask' }));
    await expect.poll(() => ids).toContain(after.id);
  });

  it('REST faults: 429 with retry-after on the PATCH and a 500 on a channel message are retried', async () => {
    const f = await start();
    const client = await connect(f);
    f.failNext({ method: 'PATCH', pathPattern: '/messages/@original', status: 429, retryAfterSec: 0.3 });
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({ content: 'eventually' });
    });
    f.sendInteraction(f.build.slash({ name: 'ask' }));
    await handled;
    const patches = f.requests.filter(isPatchOriginal);
    expect(patches.map((p) => p.status)).toEqual([429, 200]);
    expect(patches[0]?.fault).toBe(429);
    expect((patches[1]?.at ?? 0) - (patches[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
    expect(patches[1]?.body).toMatchObject({ content: 'eventually' });

    f.failNext({ method: 'POST', pathPattern: /^\/channels\/\d+\/messages$/, status: 500 });
    const channel = client.channels.cache.get(f.defaultChannelId());
    if (!channel?.isSendable()) throw new Error('no channel');
    await channel.send('after a 500');
    const posts = f.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(posts.map((p) => p.status)).toEqual([500, 200]);

    const res = await fetch(`${f.apiUrl}/v10/nope`, { headers: { authorization: `Bot ${f.token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(f.requests.at(-1)).toMatchObject({ path: '/nope', route: null, status: 404 });
  });

  it('two shards: each Client only receives its own guild', async () => {
    const f = await start({ shards: 2 });
    const [g0, g1] = f.guilds;
    if (!g0 || !g1) throw new Error('expected two guilds');
    expect([shardOf(g0.id, 2), shardOf(g1.id, 2)]).toEqual([0, 1]);
    const a = await connect(f, { shards: [0], shardCount: 2 });
    const b = await connect(f, { shards: [1], shardCount: 2 });
    expect(a.guilds.cache.map((g) => g.id)).toEqual([g0.id]);
    expect(b.guilds.cache.map((g) => g.id)).toEqual([g1.id]);
    expect(f.identifies.map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const seenA: string[] = [];
    const seenB: string[] = [];
    a.on(Events.InteractionCreate, (i) => seenA.push(i.guildId ?? 'dm'));
    b.on(Events.InteractionCreate, (i) => seenB.push(i.guildId ?? 'dm'));
    f.sendInteraction(f.build.slash({ name: 'ask', guildId: g0.id }));
    f.sendInteraction(f.build.slash({ name: 'ask', guildId: g1.id }));
    f.sendInteraction(f.build.slash({ name: 'ask', dm: true })); // DMs go to shard 0
    await expect.poll(() => seenA.length + seenB.length).toBe(3);
    expect(seenA).toEqual([g0.id, 'dm']);
    expect(seenB).toEqual([g1.id]);
  });
});
