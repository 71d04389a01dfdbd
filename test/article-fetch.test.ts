// Safe fetching against loopback HTTPS servers. The fetcher may reach the page server only
// through `allowEndpoint`, an option code passes (nothing in config or Discord can); a second
// live server stands for "the bot's own network" and must never see a request.
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher, type PageFetcher, type Resolved } from '../src/article/fetch.js';
import { readArticle } from '../src/article/read.js';
import { UserError } from '../src/domain/errors.js';
import { REPO } from './helpers/app.js';
import { startHttpsServer, type TestHttpsServer } from './helpers/https-server.js';

const PAGE = readFileSync(path.join(REPO, 'test/fixtures/articles/harbour-ferry.html'));

let site: TestHttpsServer;
let internal: TestHttpsServer;
let fetchPage: PageFetcher;
const lookups: string[] = [];

/** Invented host names; nothing here reaches a real resolver or a real network. */
const NAMES: Record<string, Resolved[]> = {
  'page.test': [{ address: '127.0.0.1', family: 4 }],
  'intranet.test': [{ address: '10.20.30.40', family: 4 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
  'mixed.test': [
    { address: '127.0.0.1', family: 4 },
    { address: '192.168.1.10', family: 4 },
  ],
  'v6.test': [{ address: '::1', family: 6 }],
};

const to = (location: () => string) => (_req: unknown, res: ServerResponse) => {
  res.writeHead(302, { location: location() }).end();
};

beforeAll(async () => {
  internal = await startHttpsServer({ '/secret': (_q, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('internal') });
  site = await startHttpsServer({
    '/story': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE),
    '/story.gz': (_q, res) => void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(PAGE)),
    '/notes': (_q, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('First note.\n\nSecond note.\n'),
    '/moved': to(() => `https://page.test:${site.port}/story`),
    '/photo': (_q, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64)),
    '/big': (_q, res) =>
      void res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(300_000) }).end(Buffer.alloc(300_000, 0x61)),
    '/big-chunked': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10_000, 0x61));
      res.end();
    },
    '/bomb': (_q, res) =>
      void res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20_000_000))),
    '/slow': (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<html><body><p>Still loading');
      // Never ends: the fetcher's deadline must.
    },
    '/gone': (_q, res) => void res.writeHead(404, { 'content-type': 'text/html' }).end('missing'),
    '/to-http': to(() => `http://page.test:${site.port}/story`),
    '/to-loopback': to(() => `https://127.0.0.1:${internal.port}/secret`),
    '/to-loopback-name': to(() => `https://mirror.test:${internal.port}/secret`),
    '/to-private': to(() => 'https://10.0.0.7/admin'),
    '/to-private-name': to(() => 'https://intranet.test/wiki'),
    '/to-link-local': to(() => 'https://169.254.169.254/latest/meta-data/'),
    '/loop': to(() => `https://page.test:${site.port}/loop`),
  });
  NAMES['mirror.test'] = [{ address: '127.0.0.1', family: 4 }];
  fetchPage = createPageFetcher({
    resolve: async (host) => {
      lookups.push(host);
      const found = NAMES[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    },
    // The page server only: the same address on another port (the "internal" server) stays refused.
    allowEndpoint: (address, port) => address === '127.0.0.1' && port === site.port,
    ca: site.cert,
    limits: { maxBytes: 200_000, timeoutMs: 1_500, maxRedirects: 3 },
  });
});
afterAll(async () => {
  await site?.close();
  await internal?.close();
});

async function refusal(url: string, fetcher: PageFetcher = fetchPage): Promise<string> {
  const error = await fetcher(url).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe('fetching a page', () => {
  it('reads an https page from the allowed loopback server, into exactly its article', async () => {
    const page = await fetchPage(`https://page.test:${site.port}/story`);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    const article = readArticle({ name: page.finalUrl, bytes: page.bytes, contentType: page.contentType, url: page.url });
    expect(article.title).toBe('Port Halden approves night ferry after two-year fight over harbour noise');
    expect(article.paragraphs).toHaveLength(7);
    expect(article.source).toBe(`https://page.test:${site.port}/story`);
  });

  it('follows a redirect to the same site, decompresses gzip, and reads plain text', async () => {
    const moved = await fetchPage(`https://page.test:${site.port}/moved`);
    expect(moved.finalUrl).toBe(`https://page.test:${site.port}/story`);
    expect((await fetchPage(`https://page.test:${site.port}/story.gz`)).bytes.equals(PAGE)).toBe(true);
    expect(String((await fetchPage(`https://page.test:${site.port}/notes`)).bytes)).toBe('First note.\n\nSecond note.\n');
  });

  it('checks addresses at connection time: one lookup per connection, made by the connecting socket', async () => {
    lookups.length = 0;
    await fetchPage(`https://page.test:${site.port}/moved`);
    expect(lookups).toEqual(['page.test', 'page.test']);
  });
});

describe('refusals', () => {
  it('http:// and other schemes', async () => {
    expect(await refusal(`http://page.test:${site.port}/story`)).toBe(
      `Only https:// links can be read; http://page.test:${site.port} was refused.`,
    );
    expect(await refusal('file:///etc/passwd')).toMatch(/^Only https:\/\/ links can be read; file:\/\/ was refused\.$/);
    expect(await refusal('not a link')).toBe('That is not a valid link: not a link');
    expect(await refusal(`https://user:pw@page.test:${site.port}/story`)).toBe('Links with a user name or password are refused.');
  });

  it('loopback, private and link-local addresses, as literals or behind names, without connecting', async () => {
    expect(await refusal(`https://127.0.0.1:${internal.port}/secret`)).toBe(
      'Refused to fetch from 127.0.0.1: it is a loopback address, not a public internet address.',
    );
    expect(await refusal('https://10.1.2.3/')).toBe(
      'Refused to fetch from 10.1.2.3: it is a private address, not a public internet address.',
    );
    expect(await refusal('https://169.254.169.254/latest/meta-data/')).toMatch(
      /^Refused to fetch from 169\.254\.169\.254: it is a link-local address/,
    );
    expect(await refusal('https://[::1]/')).toMatch(/^Refused to fetch from ::1: it is a loopback address/);
    expect(await refusal('https://[::ffff:127.0.0.1]/')).toMatch(/IPv4-mapped address/);
    // The URL parser turns these spellings of 127.0.0.1 into the address itself.
    expect(await refusal('https://2130706433/')).toMatch(/^Refused to fetch from 127\.0\.0\.1/);
    expect(await refusal('https://0x7f.1/')).toMatch(/^Refused to fetch from 127\.0\.0\.1/);
    expect(await refusal('https://intranet.test/')).toBe(
      'Refused to fetch from intranet.test (10.20.30.40): it is a private address, not a public internet address.',
    );
    expect(await refusal('https://metadata.test/')).toMatch(
      /^Refused to fetch from metadata\.test \(169\.254\.169\.254\): it is a link-local address/,
    );
    expect(await refusal(`https://mixed.test:${site.port}/story`)).toMatch(
      /^Refused to fetch from mixed\.test \(192\.168\.1\.10\): it is a private address/,
    );
    expect(await refusal('https://v6.test/')).toMatch(/^Refused to fetch from v6\.test \(::1\)/);
    expect(internal.requests).toEqual([]);
  });

  it('the same rules on every redirect: to http, to loopback, to 10.x, to 169.254.x, to a name for a private address', async () => {
    const base = `https://page.test:${site.port}`;
    expect(await refusal(`${base}/to-http`)).toBe(`The page redirected to http://page.test:${site.port}, which is not https.`);
    expect(await refusal(`${base}/to-loopback`)).toMatch(/^Refused to fetch from 127\.0\.0\.1: it is a loopback address/);
    expect(await refusal(`${base}/to-loopback-name`)).toMatch(
      /^Refused to fetch from mirror\.test \(127\.0\.0\.1\): it is a loopback address/,
    );
    expect(await refusal(`${base}/to-private`)).toMatch(/^Refused to fetch from 10\.0\.0\.7: it is a private address/);
    expect(await refusal(`${base}/to-private-name`)).toMatch(/^Refused to fetch from intranet\.test \(10\.20\.30\.40\)/);
    expect(await refusal(`${base}/to-link-local`)).toMatch(/^Refused to fetch from 169\.254\.169\.254: it is a link-local address/);
    expect(await refusal(`${base}/loop`)).toBe('The page redirected more than 3 times.');
    expect(internal.requests).toEqual([]);
  });

  it('without the code-only allowance, even the test server is refused; localhost goes through the system resolver and is refused', async () => {
    const plain = createPageFetcher({ ca: site.cert, limits: { timeoutMs: 1_500 } });
    expect(await refusal(`https://127.0.0.1:${site.port}/story`, plain)).toMatch(/loopback address/);
    expect(await refusal(`https://localhost:${site.port}/story`, plain)).toMatch(
      /^Refused to fetch from localhost \((127\.0\.0\.1|::1)\): it is a loopback address/,
    );
  });

  it('size, time, type, status and certificate limits each have their own message', async () => {
    const base = `https://page.test:${site.port}`;
    expect(await refusal(`${base}/big`)).toBe('The page is larger than 0.19 MB, the most footnote reads.');
    expect(await refusal(`${base}/big-chunked`)).toBe('The page is larger than 0.19 MB, the most footnote reads.');
    expect(await refusal(`${base}/bomb`)).toBe('The page is larger than 0.19 MB, the most footnote reads.');
    expect(await refusal(`${base}/photo`)).toBe(
      'That link is image/png, not a web page or text: footnote reads HTML, plain text and Markdown.',
    );
    expect(await refusal(`${base}/gone`)).toBe(`page.test:${site.port} answered HTTP 404: the page could not be read.`);
    const started = Date.now();
    expect(await refusal(`${base}/slow`)).toBe(`page.test:${site.port} took longer than 1.5 s; try again later.`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await refusal('https://nowhere.test/')).toBe('nowhere.test was not found.');
    const untrusting = createPageFetcher({
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
      allowEndpoint: (_a, port) => port === site.port,
    });
    expect(await refusal(`https://page.test:${site.port}/story`, untrusting)).toBe(
      `page.test:${site.port} has no valid certificate for https.`,
    );
  });
});
