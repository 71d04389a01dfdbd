import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { UserError } from '../domain/errors.js';
import { forbiddenAddress } from './address.js';
import { megabytes, mediaType } from './read.js';
import { ARTICLE_LIMITS } from './types.js';
import { ownValue } from '../domain/records.js';

export interface FetchLimits {
  /** Bytes of the page after decompression. */
  maxBytes: number;
  /** The whole fetch, every redirect included. */
  timeoutMs: number;
  maxRedirects: number;
}

export const FETCH_LIMITS: FetchLimits = { maxBytes: ARTICLE_LIMITS.maxBytes, timeoutMs: 15_000, maxRedirects: 5 };

/** Types a page may have: web pages and plain text. Everything else is refused before its body is read. */
export const PAGE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'text/x-markdown']);

export interface FetchedPage {
  /** The address asked for. */
  url: string;
  /** Where the page was finally read, after redirects. */
  finalUrl: string;
  contentType: string;
  bytes: Buffer;
}

export type PageFetcher = (url: string, options?: { signal?: AbortSignal }) => Promise<FetchedPage>;

export interface Resolved {
  address: string;
  family: number;
}

export interface PageFetcherOptions {
  limits?: Partial<FetchLimits>;
  /** Host name → addresses. Default: the system resolver. Tests resolve invented names. */
  resolve?: (host: string) => Promise<Resolved[]>;
  /**
   * An exception to the address rule, for tests against a loopback server. Only code can pass
   * it: no setting, environment variable or command option leads here.
   */
  allowEndpoint?: (address: string, port: number) => boolean;
  /** Extra trusted certificates (PEM): the tests' self-signed server. Code only, like `allowEndpoint`. */
  ca?: string | string[];
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function httpsUrl(raw: string, via?: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`${via ? 'The page redirected to an address that' : 'That'} is not a valid link: ${raw.slice(0, 200)}`);
  }
  const what = via ? `The page redirected to ${url.protocol}//${url.host}, which` : `${url.protocol}//${url.host}`;
  if (url.protocol !== 'https:') {
    throw new UserError(`${via ? `${what} is not https` : `Only https:// links can be read; ${what} was refused`}.`);
  }
  if (url.username || url.password) throw new UserError('Links with a user name or password are refused.');
  return url;
}

/** The refusal for an address, naming what it is. */
function refusal(host: string, address: string, why: string): UserError {
  const shown = host === address ? address : `${host} (${address})`;
  return new UserError(`Refused to fetch from ${shown}: it is ${why}, not a public internet address.`);
}

/**
 * Fetches a web page for reading, refusing what could reach the bot's own network (SSRF):
 * only https; every address a host name resolves to is checked *when the connection is made*
 * (a custom `lookup`, so a DNS answer that changes between a check and the connection cannot
 * slip through), for the first request and for every redirect; size, time and type limits,
 * each with its own refusal.
 */
export function createPageFetcher(options: PageFetcherOptions = {}): PageFetcher {
  const limits: FetchLimits = { ...FETCH_LIMITS, ...options.limits };
  const resolve = options.resolve ?? ((host: string) => dnsLookup(host, { all: true, verbatim: true }));
  const allowed = (address: string, port: number) => options.allowEndpoint?.(address, port) === true;

  const check = (host: string, address: string, port: number) => {
    const why = forbiddenAddress(address);
    if (why && !allowed(address, port)) throw refusal(host, address, why);
  };

  const lookupFor =
    (port: number): LookupFunction =>
    (hostname, lookupOptions, callback) => {
      resolve(hostname)
        .then((addresses) => {
          if (addresses.length === 0) throw new UserError(`${hostname} has no address.`);
          // Every address must pass: the connection may try any of them.
          for (const a of addresses) check(hostname, a.address, port);
          if (lookupOptions.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        })
        .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
    };

  const request = (url: URL, signal: AbortSignal) =>
    new Promise<IncomingMessage>((resolveResponse, reject) => {
      const port = Number(url.port || 443);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // An IP literal never goes through `lookup`: check it here.
      if (isIP(host)) check(host, host, port);
      const req = https.request(url, {
        method: 'GET',
        // A fresh connection per request: no pooled socket to an address checked earlier.
        agent: false,
        lookup: lookupFor(port),
        signal,
        ...(options.ca ? { ca: options.ca } : {}),
        headers: {
          'user-agent': 'footnote article reader (+https://github.com/)',
          accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9',
          'accept-encoding': 'gzip, deflate, br',
        },
      });
      req.on('response', resolveResponse);
      req.on('error', reject);
      req.end();
    });

  return async (raw, { signal: outer } = {}) => {
    const deadline = AbortSignal.timeout(limits.timeoutMs);
    const signal = outer ? AbortSignal.any([outer, deadline]) : deadline;
    let url = httpsUrl(raw.trim());
    try {
      for (let hops = 0; ; hops++) {
        const res = await request(url, signal);
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status)) {
          res.resume();
          const location = res.headers.location;
          if (!location) throw new UserError(`${url.host} answered with a redirect to nowhere (HTTP ${status}).`);
          if (hops >= limits.maxRedirects) throw new UserError(`The page redirected more than ${limits.maxRedirects} times.`);
          url = httpsUrl(new URL(location, url).href, url.href);
          continue;
        }
        if (status !== 200) {
          res.resume();
          throw new UserError(`${url.host} answered HTTP ${status}: the page could not be read.`);
        }
        const contentType = res.headers['content-type'] ?? '';
        if (!PAGE_TYPES.has(mediaType(contentType))) {
          res.resume();
          throw new UserError(
            `That link is ${mediaType(contentType) || 'of no stated type'}, not a web page or text: footnote reads HTML, plain text and Markdown.`,
          );
        }
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > limits.maxBytes && !res.headers['content-encoding']) {
          res.destroy();
          throw tooLarge(limits.maxBytes);
        }
        const bytes = await readBody(res, limits.maxBytes);
        return { url: raw, finalUrl: url.href, contentType, bytes };
      }
    } catch (error) {
      throw explain(error, url, deadline.aborted ? limits.timeoutMs : undefined, outer);
    }
  };
}

const tooLarge = (max: number) => new UserError(`The page is larger than ${megabytes(max)}, the most footnote reads.`);

/** The body, decompressed, stopped as soon as it passes `max` bytes (a zip bomb included). */
async function readBody(res: IncomingMessage, max: number): Promise<Buffer> {
  const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
    gzip: createGunzip,
    'x-gzip': createGunzip,
    deflate: createInflate,
    br: createBrotliDecompress,
  };
  const decoder = ownValue(decoders, encoding);
  if (encoding !== 'identity' && !decoder) {
    res.destroy();
    throw new UserError(`The page uses an encoding footnote cannot read (${encoding}).`);
  }
  const stream: Readable = encoding === 'identity' || !decoder ? res : (res.pipe(decoder()) as unknown as Readable);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > max) throw tooLarge(max);
      chunks.push(chunk as Buffer);
    }
  } finally {
    res.destroy();
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/** Network failures as refusals people can act on; our own refusals pass through. */
function explain(error: unknown, url: URL, timedOutAfterMs: number | undefined, outer?: AbortSignal): unknown {
  if (error instanceof UserError) return error;
  if (outer?.aborted) return error;
  if (timedOutAfterMs !== undefined) return new UserError(`${url.host} took longer than ${timedOutAfterMs / 1000} s; try again later.`);
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UserError(`${url.hostname} was not found.`);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT') {
    return new UserError(`Could not connect to ${url.host} (${code}).`);
  }
  if (/CERT|SSL|TLS/.test(code) || /certificate/i.test((error as Error).message ?? '')) {
    return new UserError(`${url.host} has no valid certificate for https.`);
  }
  if (code === 'Z_DATA_ERROR' || code === 'ERR_PADDING_1') return new UserError(`${url.host} sent a corrupt compressed page.`);
  return error;
}
