// Per-server articles end to end: the real discord.js bot against the loopback fake, uploads
// fetched from the fake's CDN, pages from a loopback HTTPS server that only this test's fetcher
// may reach (an option only code can pass), and every refusal as Discord would show it.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type BotHandle } from '../src/adapters/discord/bot.js';
import { createPageFetcher } from '../src/article/fetch.js';
import {
  EVERYONE_PERMISSIONS,
  noIdentifyThrottle,
  startFakeDiscord,
  type BuiltInteraction,
  type FakeDiscord,
  type SlashOption,
} from '../src/bench/fake-discord/index.js';
import { body, callbackOf, channelPost, followUpOf, originalEditOf, user } from './discord-harness.js';
import { createTestApp, REPO } from './helpers/app.js';
import { startHttpsServer, type TestHttpsServer } from './helpers/https-server.js';
import { testLogger } from './helpers/log.js';

const MANAGE_GUILD = 1n << 5n;
const MANAGE_MESSAGES = 1n << 13n;
const MODERATOR = (BigInt(EVERYONE_PERMISSIONS) | MANAGE_GUILD | MANAGE_MESSAGES).toString();
const PAGE = readFileSync(path.join(REPO, 'test/fixtures/articles/harbour-ferry.html'));
const MARKET_TXT = [
  'The covered market in Veldhaven reopened on Saturday after an eight-month restoration of its iron roof.',
  'Forty-two stalls are back, selling fish, cheese and flowers, and six new ones sell hot food.',
  'The restoration cost 3.4 million euros, most of it from a national heritage fund.',
].join('\n\n');

let fake: FakeDiscord;
let bot: BotHandle;
let site: TestHttpsServer;
let internal: TestHttpsServer;
let guildA: string;
let guildB: string;
let announcements: string;
const mod = user('moderator');
const member = user('member');

const to = (location: () => string) => (_q: unknown, res: ServerResponse) => void res.writeHead(302, { location: location() }).end();

beforeAll(async () => {
  internal = await startHttpsServer({ '/': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<p>internal</p>') });
  site = await startHttpsServer({
    '/story': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
    '/to-loopback': to(() => `https://127.0.0.1:${internal.port}/`),
    '/to-private': to(() => 'https://10.0.0.5/'),
    '/to-link-local': to(() => 'https://169.254.169.254/latest/meta-data/'),
    '/to-http': to(() => `http://page.test:${site.port}/story`),
  });
  fake = await startFakeDiscord({
    heartbeatIntervalMs: 500,
    guilds: [{ name: 'harbour', channels: [{ name: 'general' }, { name: 'announcements' }] }, { name: 'elsewhere' }],
  });
  [guildA, guildB] = fake.guilds.map((g) => g.id) as [string, string];
  announcements = [...fake.state.channels.values()].find((c) => c.name === 'announcements')!.id as string;
  // No cooldown: a few people do many things here.
  const app = await createTestApp({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, COOLDOWN_QUESTIONS: '1000' });
  const log = testLogger('silent');
  bot = await startBot(
    { ...app, log },
    {
      client: { ws: { buildIdentifyThrottler: () => noIdentifyThrottle } },
      // Only this test's code can let the fetcher reach the page server (and nothing else on loopback).
      fetchPage: createPageFetcher({
        resolve: async (host) => (host === 'page.test' ? [{ address: '127.0.0.1', family: 4 }] : []),
        allowEndpoint: (address, port) => address === '127.0.0.1' && port === site.port,
        ca: site.cert,
      }),
    },
  );
});
afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await site?.close();
  await internal?.close();
});

function slash(
  name: string,
  options: SlashOption[],
  o: { guildId?: string; permissions?: string; who?: typeof mod } = {},
): BuiltInteraction {
  return fake.sendInteraction(
    fake.build.slash({ name, options, user: o.who ?? mod, permissions: o.permissions ?? MODERATOR, guildId: o.guildId ?? guildA }),
  );
}
const article = (sub: string, options: SlashOption[] = [], o: Parameters<typeof slash>[2] = {}) =>
  slash('article', [{ name: sub, type: 'subcommand', options }], o);
const ask = (question: string, guildId = guildA) =>
  slash('ask', [{ name: 'question', type: 'string', value: question }], { guildId, who: member, permissions: EVERYONE_PERMISSIONS });

/** The reply that replaced the deferral, as a person reads it (Discord shows `\(` as `(`). */
async function replyTo(i: BuiltInteraction): Promise<string> {
  const edit = await fake.waitForRequest(originalEditOf(fake, i), 20_000);
  return String(body(edit).content).replace(/\\(.)/g, '$1');
}
const downloaded = (name: string) => fake.downloads.items.some((d) => d.path.endsWith(`/${encodeURIComponent(name)}`));

describe('/article through the fake Discord', () => {
  it('a moderator uploads a .txt: the reply shows title, paragraph count, first paragraph and time; /ask there answers from it with [¶N]; another server keeps the shipped article', async () => {
    const i = article('upload', [{ name: 'file', type: 'attachment', file: { name: 'veldhaven-market.txt', content: MARKET_TXT } }]);
    expect(body(await fake.waitForRequest(callbackOf(i)))).toEqual({ type: 5, data: { flags: 64 } });
    expect(await replyTo(i)).toMatch(
      /^Now discussing \*\*Veldhaven market\*\* \(`veldhaven-market`\): 3 paragraphs, ready in \d+\.\d s\.\n> ¶1 The covered market in Veldhaven reopened on Saturday/,
    );
    const here = await replyTo(ask('How many stalls are back?'));
    expect(here).toContain('Forty-two stalls are back');
    expect(here).toContain('[¶2]');
    const there = await replyTo(ask('How many stalls are back?', guildB));
    expect(there).not.toContain('Forty-two');
  });

  it('an .html page upload becomes the current article: exactly its body paragraphs, cited by number', async () => {
    const i = article('upload', [
      { name: 'file', type: 'attachment', file: { name: 'ferry.html', content: PAGE, contentType: 'text/html' } },
    ]);
    expect(await replyTo(i)).toMatch(
      /^Now discussing \*\*Port Halden approves night ferry after two-year fight over harbour noise\*\* \(`port-halden-approves-night-ferry-after-two-year-fight-over`\): 7 paragraphs, ready in/,
    );
    const answer = await replyTo(ask('How often will the ferry run at night?'));
    expect(answer).toContain('every 40 minutes');
    expect(answer).toContain('[¶2]');
    expect(answer).not.toMatch(/Advertisement|Read more|Coastline Wire\/Jonas Berg/);
  });

  it('a member without Manage Server is refused, and nothing is downloaded', async () => {
    const i = article('upload', [{ name: 'file', type: 'attachment', file: { name: 'sneaky.txt', content: 'Something else.' } }], {
      who: member,
      permissions: EVERYONE_PERMISSIONS,
    });
    expect(await replyTo(i)).toBe('Changing the article needs the Manage Server permission.');
    expect(downloaded('sneaky.txt')).toBe(false);
  });

  it('a 10 MB upload and a binary one are refused with a clear message; the current article is unchanged', async () => {
    const big = article('upload', [
      { name: 'file', type: 'attachment', file: { name: 'huge.txt', content: Buffer.alloc(10 * 1024 * 1024, 0x61) } },
    ]);
    expect(await replyTo(big)).toBe('huge.txt is 10 MB; an article may be at most 5 MB.');
    expect(downloaded('huge.txt')).toBe(false);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const binary = article('upload', [
      { name: 'file', type: 'attachment', file: { name: 'notes.txt', content: png, contentType: 'text/plain' } },
    ]);
    expect(await replyTo(binary)).toBe('notes.txt is not a text file: upload a .txt, .md or .html article.');
    const image = article('upload', [
      { name: 'file', type: 'attachment', file: { name: 'photo.png', content: png, contentType: 'image/png' } },
    ]);
    expect(await replyTo(image)).toBe('photo.png (image/png) is not an article footnote can read: upload a .txt, .md or .html file.');
    expect(await replyTo(ask('How often will the ferry run at night?'))).toContain('every 40 minutes');
    expect(await replyTo(article('list'))).toMatch(/• \*\*\(current\)\*\* Port Halden approves night ferry/);
  });

  it('use switches back to a replaced article, announcing it with a cited summary in another channel; list shows every article', async () => {
    const i = article('use', [
      { name: 'doc', type: 'string', value: 'veldhaven-market' },
      { name: 'announce', type: 'channel', value: announcements },
    ]);
    expect(await replyTo(i)).toMatch(/^Now discussing \*\*Veldhaven market\*\* \(`veldhaven-market`\): 3 paragraphs/);
    const posted = body(await fake.waitForRequest(channelPost(announcements)));
    expect(String(posted.content)).toMatch(/\[¶\d\]/);
    expect(posted.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body(await fake.waitForRequest(followUpOf(fake, i))).content).toContain(`<#${announcements}>`);
    expect(await replyTo(ask('How many stalls are back?'))).toContain('Forty-two stalls are back');
    const list = await replyTo(article('list'));
    expect(list).toContain('**(current)** Veldhaven market — `veldhaven-market`, 3 ¶, from veldhaven-market.txt');
    expect(list).toContain(
      'Port Halden approves night ferry after two-year fight over harbour noise — `port-halden-approves-night-ferry-after-two-year-fight-over`, 7 ¶, from ferry.html',
    );
  });

  it("/ask doc: names another article of the server; autocomplete offers the server's articles and the shipped ones", async () => {
    const i = slash('ask', [
      { name: 'question', type: 'string', value: 'How often will the ferry run at night?' },
      { name: 'doc', type: 'string', value: 'port-halden-approves-night-ferry-after-two-year-fight-over' },
    ]);
    expect(await replyTo(i)).toContain('every 40 minutes');
    const auto = fake.sendInteraction(
      fake.build.autocomplete({
        name: 'ask',
        options: [{ name: 'doc', type: 'string', value: '', focused: true }],
        user: mod,
        guildId: guildA,
      }),
    );
    const choices = (body(await fake.waitForRequest(callbackOf(auto))).data as { choices: { value: string }[] }).choices.map(
      (c) => c.value,
    );
    expect(choices.slice(0, 2).sort()).toEqual(['port-halden-approves-night-ferry-after-two-year-fight-over', 'veldhaven-market']);
    expect(choices.length).toBeGreaterThan(2);
  });

  it('url reads a page from the loopback test server; http://, 127.0.0.1, 10.x, 169.254.x and redirects to them are refused', async () => {
    const ok = article('url', [{ name: 'link', type: 'string', value: `https://page.test:${site.port}/story` }], { guildId: guildB });
    expect(await replyTo(ok)).toMatch(
      /^Now discussing \*\*Port Halden approves night ferry after two-year fight over harbour noise\*\*.*7 paragraphs/,
    );
    expect(await replyTo(ask('How often will the ferry run at night?', guildB))).toContain('every 40 minutes');
    const refused = async (link: string) => replyTo(article('url', [{ name: 'link', type: 'string', value: link }], { guildId: guildB }));
    expect(await refused(`http://page.test:${site.port}/story`)).toBe(
      `Only https:// links can be read; http://page.test:${site.port} was refused.`,
    );
    expect(await refused(`https://127.0.0.1:${internal.port}/`)).toBe(
      'Refused to fetch from 127.0.0.1: it is a loopback address, not a public internet address.',
    );
    expect(await refused('https://10.1.2.3/')).toBe(
      'Refused to fetch from 10.1.2.3: it is a private address, not a public internet address.',
    );
    expect(await refused('https://169.254.169.254/latest/meta-data/')).toBe(
      'Refused to fetch from 169.254.169.254: it is a link-local address, not a public internet address.',
    );
    const base = `https://page.test:${site.port}`;
    expect(await refused(`${base}/to-http`)).toBe(`The page redirected to http://page.test:${site.port}, which is not https.`);
    expect(await refused(`${base}/to-loopback`)).toMatch(/^Refused to fetch from 127\.0\.0\.1: it is a loopback address/);
    expect(await refused(`${base}/to-private`)).toMatch(/^Refused to fetch from 10\.0\.0\.5: it is a private address/);
    expect(await refused(`${base}/to-link-local`)).toMatch(/^Refused to fetch from 169\.254\.169\.254: it is a link-local address/);
    expect(internal.requests).toEqual([]);
    // Still the page read before the refusals.
    expect(await replyTo(ask('How often will the ferry run at night?', guildB))).toContain('every 40 minutes');
  });

  it('remove drops an article; removing the current one returns the server to the shipped article', async () => {
    expect(await replyTo(article('remove', [{ name: 'doc', type: 'string', value: 'veldhaven-market' }]))).toBe(
      'Removed **Veldhaven market** (`veldhaven-market`). Questions here now use the shipped article.',
    );
    expect(await replyTo(ask('How many stalls are back?'))).not.toContain('Forty-two');
  });
});
