// REST core: routing, recording, token checks and fault injection (routes live in routes-*.ts).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from './events.js';
import { headerRecord, okRateLimitHeaders, parseBody, readBody, sendReply } from './http.js';
import { discordError, type Reply } from './messages.js';
import { Recorder } from './recorder.js';
import type { FakeState } from './state.js';
import type { FaultSpec, JsonObject, RecordedFile, RecordedRequest } from './types.js';

export interface RestConfig {
  token: string;
  requireToken: boolean;
  echoBotMessages: boolean;
  shards: number;
  maxConcurrency: number;
  wsUrl: string;
}

export interface RouteCtx {
  state: FakeState;
  gateway: Dispatcher;
  config: RestConfig;
  params: Record<string, string>;
  query: Record<string, string>;
  /** JSON body (or payload_json) when it is an object, else {}. */
  body: JsonObject;
  /** Parsed body as sent (arrays for bulk overwrites). */
  rawBody: unknown;
  files: RecordedFile[];
}

export type Handler = (ctx: RouteCtx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  keys: string[];
  handler: Handler;
  /** Webhook-token routes are called without Authorization. */
  auth: boolean;
}

export function route(method: string, pattern: string, handler: Handler, auth = true): Route {
  const keys: string[] = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        keys.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { method, pattern, regex: new RegExp(`^${source}$`), keys, handler, auth };
}

export const json = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FakeRest {
  readonly requests = new Recorder<RecordedRequest>('REST request', (r) => `${r.method} ${r.path} → ${r.status}`);
  private faults: ActiveFault[] = [];
  private seq = 0;

  constructor(
    private readonly state: FakeState,
    private readonly gateway: Dispatcher,
    private readonly config: RestConfig,
    private readonly routes: Route[],
  ) {}

  failNext(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? 1 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const m = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    const version = m?.[1] ? Number(m[1]) : null;
    // discord.js percent-encodes path segments (`%40original`, emoji); record and route on the decoded form.
    const path = (m?.[2] ?? url.pathname).split('/').map(safeDecode).join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerRecord(req);
    const parsed = await parseBody(await readBody(req), headers['content-type']).catch((err: unknown) => {
      return { body: `unparseable body: ${String(err)}`, files: [], formFields: {} };
    });
    const rec: RecordedRequest = {
      seq: ++this.seq,
      at: Date.now(),
      method,
      path,
      url: `${url.pathname}${url.search}`,
      query: Object.fromEntries(url.searchParams),
      version,
      headers,
      authorization: headers.authorization,
      body: parsed.body,
      files: parsed.files,
      formFields: parsed.formFields,
      route: null,
      status: 0,
      response: undefined,
    };
    let reply: Reply;
    const fault = this.takeFault(method, path);
    const found = this.match(method, path);
    if (found) rec.route = `${method} ${found.route.pattern}`;
    if (fault) {
      reply = this.faultReply(fault, bucketOf(method, found?.route.pattern ?? path));
      rec.fault = fault.status;
    } else if (!found) {
      reply = discordError(404, 0, '404: Not Found');
    } else if (found.route.auth && !this.authorised(headers.authorization)) {
      reply = discordError(401, 0, '401: Unauthorized');
    } else {
      const body = parsed.body;
      const ctx: RouteCtx = {
        state: this.state,
        gateway: this.gateway,
        config: this.config,
        params: found.params,
        query: rec.query,
        body: body && typeof body === 'object' && !Array.isArray(body) ? (body as JsonObject) : {},
        rawBody: body,
        files: parsed.files,
      };
      try {
        reply = await found.route.handler(ctx);
      } catch (err) {
        reply = discordError(500, 0, `fake-discord handler error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      reply.headers = { ...okRateLimitHeaders(bucketOf(method, found.route.pattern)), ...reply.headers };
    }
    rec.status = reply.status;
    rec.response = reply.body;
    this.requests.push(rec);
    sendReply(res, reply);
  }

  private authorised(header: string | undefined): boolean {
    if (!header) return false;
    return !this.config.requireToken || header === `Bot ${this.config.token}`;
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.keys.forEach((k, i) => {
        params[k] = m[i + 1] ?? '';
      });
      return { route: r, params };
    }
    return null;
  }

  private takeFault(method: string, path: string): ActiveFault | null {
    const f = this.faults.find(
      (x) =>
        (!x.method || x.method.toUpperCase() === method) &&
        (typeof x.pathPattern === 'string' ? path.includes(x.pathPattern) : x.pathPattern.test(path)),
    );
    if (!f) return null;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults.splice(this.faults.indexOf(f), 1);
    return f;
  }

  private faultReply(f: ActiveFault, bucket: string): Reply {
    if (f.status !== 429) {
      const text: Record<number, string> = {
        500: 'Internal Server Error',
        502: 'Bad Gateway',
        503: 'Service Unavailable',
        504: 'Gateway Timeout',
      };
      return discordError(f.status, 0, `${f.status}: ${text[f.status] ?? 'Error'}`);
    }
    const after = f.retryAfterSec ?? 0.2;
    const headers: Record<string, string> = {
      'retry-after': String(after),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((Date.now() + after * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': after.toFixed(3),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': f.global ? 'global' : 'user',
    };
    if (f.global) headers['x-ratelimit-global'] = 'true';
    return { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: after, global: Boolean(f.global) } };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function bucketOf(method: string, pattern: string): string {
  return createHash('sha1').update(`${method} ${pattern}`).digest('hex').slice(0, 32);
}
