// FakeDiscord: one loopback HTTP server serving the REST API (/api), files (/attachments) and the gateway (/gateway).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PayloadBuilders } from './builders.js';
import { messageEvent, type DispatchBody, type DispatchTarget } from './events.js';
import { FakeGateway, type CloseRecord } from './gateway.js';
import { sendReply } from './http.js';
import { randomHex } from './ids.js';
import { Recorder } from './recorder.js';
import { FakeRest } from './rest.js';
import { appRoutes } from './routes-app.js';
import { channelRoutes } from './routes-channels.js';
import { interactionRoutes } from './routes-interactions.js';
import { FakeState, type InteractionRecord } from './state.js';
import type {
  DownloadRecord,
  FakeChannelInput,
  FakeDiscordOptions,
  FaultSpec,
  GatewayLogEntry,
  IdentifyRecord,
  JsonObject,
  RecordedRequest,
} from './types.js';
import type { GuildState } from './payloads.js';

export class FakeDiscord {
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
  private readonly gateway: FakeGateway;
  private closed = false;

  private constructor(
    private readonly server: Server,
    port: number,
    opts: FakeDiscordOptions,
  ) {
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

  // ---- gateway ----
  get identifies(): readonly IdentifyRecord[] {
    return this.gateway.identifies;
  }
  get connectionCount(): number {
    return this.gateway.connectionCount;
  }
  get openConnections(): number {
    return this.gateway.openConnections;
  }
  get gatewayLog(): readonly GatewayLogEntry[] {
    return this.gateway.log.items;
  }
  get closes(): readonly CloseRecord[] {
    return this.gateway.closes;
  }
  get connectionQueries(): ReadonlyArray<Record<string, string>> {
    return this.gateway.connectionQueries;
  }
  waitForGateway(predicate: (e: GatewayLogEntry) => boolean, timeoutMs = 5000, from = 0): Promise<GatewayLogEntry> {
    return this.gateway.log.waitFor(predicate, timeoutMs, from);
  }
  /** Resolves with the READY `d` sent to `shardId`. */
  async waitForReady(shardId = 0, timeoutMs = 5000, from = 0): Promise<JsonObject> {
    const e = await this.waitForGateway((x) => x.dir === 'out' && x.t === 'READY' && x.shardId === shardId, timeoutMs, from);
    return e.d as JsonObject;
  }
  /** Resolves when `shardId` is live again after `from`: a READY (re-identify) or RESUMED. */
  async waitForSession(shardId = 0, timeoutMs = 5000, from = 0): Promise<'READY' | 'RESUMED'> {
    const e = await this.waitForGateway(
      (x) => x.dir === 'out' && (x.t === 'READY' || x.t === 'RESUMED') && x.shardId === shardId,
      timeoutMs,
      from,
    );
    return e.t as 'READY' | 'RESUMED';
  }

  /** Raw dispatch; returns how many sessions received (or buffered, while disconnected) it. */
  dispatch(t: string, d: DispatchBody, target: DispatchTarget): number {
    return this.gateway.dispatch(t, d, target);
  }

  /** INTERACTION_CREATE to the shard owning the interaction's guild (DMs: shard 0). */
  sendInteraction<T extends JsonObject>(payload: T): T {
    const guildId = typeof payload.guild_id === 'string' ? payload.guild_id : null;
    const user = (payload.user ?? (payload.member as JsonObject | undefined)?.user) as JsonObject | undefined;
    if (user) this.state.rememberUser(user);
    this.state.registerInteraction(payload);
    if (this.gateway.dispatch('INTERACTION_CREATE', payload, { guildId }) === 0) {
      throw new Error(`fake-discord: no gateway session for ${guildId ? `guild ${guildId}` : 'DMs (shard 0)'}`);
    }
    return payload;
  }

  /** Stores the message in its channel's history and dispatches MESSAGE_CREATE (honouring intents). */
  sendMessage<T extends JsonObject>(payload: T): T {
    const channelId = String(payload.channel_id);
    this.state.rememberUser(payload.author as JsonObject);
    if (!this.state.findMessage(channelId, String(payload.id))) this.state.storeMessage(payload);
    const guildId = this.state.guildIdOfChannel(channelId);
    if (!this.gateway.hasSessionFor({ guildId })) throw new Error(`fake-discord: no gateway session for channel ${channelId}`);
    this.gateway.dispatch('MESSAGE_CREATE', messageEvent(this.state, payload), { guildId });
    return payload;
  }

  // ---- gateway faults ----
  /** Closes live connections: 1006 = abnormal (socket terminated without a close frame), else a close frame with `code`. */
  closeConnections(code = 1006, shardId?: number): number {
    return this.gateway.closeConnections(code, shardId);
  }
  stopHeartbeatAcks(): void {
    this.gateway.setHeartbeatAcks(false);
  }
  resumeHeartbeatAcks(): void {
    this.gateway.setHeartbeatAcks(true);
  }
  /** op 7 RECONNECT. */
  sendReconnect(shardId?: number): number {
    return this.gateway.sendReconnect(shardId);
  }
  /** op 9 INVALID_SESSION; when not resumable the server forgets the session. */
  sendInvalidSession(resumable: boolean, shardId?: number): number {
    return this.gateway.sendInvalidSession(resumable, shardId);
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
