// FakeDiscord: one loopback HTTP server serving the REST API (/api), files (/attachments) and the gateway (/gateway).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PayloadBuilders } from './builders.js';
import { GatewayApi } from './gateway-api.js';
import { FakeGateway } from './gateway.js';
import type { GuildState } from './guilds.js';
import { sendReply } from './http.js';
import { randomHex } from './ids.js';
import { Recorder } from './recorder.js';
import { FakeRest } from './rest.js';
import { appRoutes } from './routes-app.js';
import { channelRoutes } from './routes-channels.js';
import { interactionRoutes } from './routes-interactions.js';
import { FakeState, type InteractionRecord } from './state.js';
import type { DownloadRecord, FakeChannelInput, FakeDiscordOptions, FaultSpec, JsonObject, RecordedRequest } from './types.js';

export class FakeDiscord extends GatewayApi {
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** Pass as discord.js `rest: { api }` (the REST client appends `/v10`). */
  readonly apiUrl: string;
  /** Pass as discord.js `rest: { cdn }`; uploaded and added files are served under it. */
  readonly cdnUrl: string;
  /** Gateway URL returned by GET /gateway/bot and used as resume_gateway_url. */
  readonly wsUrl: string;
  readonly token: string;
  readonly state: FakeState;
  /** Payload builders: build.slash / autocomplete / button / component / message. */
  readonly build: PayloadBuilders;
  readonly downloads = new Recorder<DownloadRecord>('download', (d) => `GET ${d.path} → ${d.status}`);
  private readonly rest: FakeRest;
  protected readonly gateway: FakeGateway;
  private closed = false;

  private constructor(
    private readonly server: Server,
    port: number,
    opts: FakeDiscordOptions,
  ) {
    super();
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api`;
    this.cdnUrl = this.baseUrl;
    this.wsUrl = `ws://127.0.0.1:${port}/gateway`;
    this.state = new FakeState(opts, this.baseUrl);
    this.token = opts.token ?? `${Buffer.from(this.state.botId).toString('base64url')}.fake.${randomHex(16)}`;
    this.build = new PayloadBuilders(this.state);
    const requireToken = opts.requireToken ?? false;
    this.gateway = new FakeGateway(this.state, {
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 1000,
      token: this.token,
      requireToken,
      wsUrl: this.wsUrl,
      messageContentIntent: opts.messageContentIntent ?? true,
    });
    this.rest = new FakeRest(
      this.state,
      this.gateway,
      {
        token: this.token,
        requireToken,
        echoBotMessages: opts.echoBotMessages ?? true,
        shards: Math.max(1, opts.shards ?? 1),
        maxConcurrency: opts.maxConcurrency ?? 16,
        wsUrl: this.wsUrl,
      },
      [...appRoutes, ...interactionRoutes, ...channelRoutes],
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.onRequest(req, res));
    server.on('upgrade', (req, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeDiscord(server, (server.address() as AddressInfo).port, opts);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    try {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return await this.rest.handle(req, res, url);
      const file = this.state.files.get(url.pathname);
      this.downloads.push({ at: Date.now(), path: url.pathname, status: file ? 200 : 404 });
      if (!file || (req.method !== 'GET' && req.method !== 'HEAD'))
        return sendReply(res, { status: 404, body: { message: '404: Not Found', code: 0 } });
      res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.content.length) });
      res.end(req.method === 'HEAD' ? undefined : file.content);
    } catch (err) {
      if (!res.headersSent) sendReply(res, { status: 500, body: { message: `fake-discord: ${String(err)}`, code: 0 } });
      else res.destroy();
    }
  }

  // ---- model ----
  get appId(): string {
    return this.state.appId;
  }
  get botUser(): JsonObject {
    return this.state.bot;
  }
  get testUser(): JsonObject {
    return this.state.testUser;
  }
  get guilds(): readonly GuildState[] {
    return this.state.guilds;
  }
  /** First text channel of a guild (default: the first guild). */
  defaultChannelId(guildId: string = this.state.guilds[0]?.id ?? ''): string {
    return this.state.defaultChannelId(guildId);
  }
  /** Messages the fake has seen or created in a channel, oldest first. */
  messages(channelId: string): JsonObject[] {
    return [...(this.state.messages.get(channelId) ?? [])];
  }
  message(id: string): JsonObject | undefined {
    return this.state.messageById(id);
  }
  interaction(id: string): InteractionRecord | undefined {
    return this.state.interactions.get(id);
  }
  get globalCommands(): JsonObject[] {
    return this.state.globalCommands;
  }
  guildCommands(guildId: string): JsonObject[] {
    return this.state.guildCommands.get(guildId) ?? [];
  }

  /** Serves `content` over HTTP and returns its URL (like a cdn.discordapp.com attachment URL). */
  addAttachment(name: string, content: string | Buffer, contentType = 'application/octet-stream'): string {
    return String(this.state.addFile(name, content, contentType).url);
  }

  /** Adds a guild channel and dispatches CHANNEL_CREATE. */
  addChannel(guildId: string, input: FakeChannelInput): JsonObject {
    const c = this.state.addChannel(guildId, input);
    this.gateway.dispatch('CHANNEL_CREATE', c, { guildId });
    return c;
  }

  /**
   * Makes only these users members of the guild, as far as GET /guilds/:id/members/:user goes
   * (by default every user the fake knows is a member of every guild).
   */
  setGuildMembers(guildId: string, userIds: string[]): void {
    this.state.guildMembers.set(guildId, new Set(userIds));
  }

  /** Creates a thread (by a user, default testUser) and dispatches THREAD_CREATE. */
  addThread(o: { parentId: string; name: string; id?: string; type?: number; ownerId?: string }): JsonObject {
    const t = this.state.addThread(o);
    this.gateway.dispatch('THREAD_CREATE', { ...t, newly_created: true }, { guildId: String(t.guild_id) });
    return t;
  }

  // ---- REST recording & faults ----
  get requests(): readonly RecordedRequest[] {
    return this.rest.requests.items;
  }
  /** First request (recorded, or arriving within timeoutMs) at index >= from that matches. */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000, from = 0): Promise<RecordedRequest> {
    return this.rest.requests.waitFor(predicate, timeoutMs, from);
  }
  failNext(spec: FaultSpec): void {
    this.rest.failNext(spec);
  }
  clearFaults(): void {
    this.rest.clearFaults();
  }
  /** Current lengths of the logs, for the `from` argument of the wait helpers. */
  mark(): { requests: number; gateway: number } {
    return { requests: this.rest.requests.items.length, gateway: this.gateway.log.items.length };
  }

  /** Terminates sockets, rejects pending waits and stops the server. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.gateway.close();
    this.rest.requests.cancelAll('fake closed');
    this.downloads.cancelAll('fake closed');
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
