// Gateway: JSON-encoded, uncompressed Discord gateway v10 over `ws` (HELLO, IDENTIFY/READY, RESUME, heartbeats).
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { DispatchBody, DispatchTarget, Dispatcher } from './events.js';
import { GatewaySessions, type Conn } from './gateway-sessions.js';
import { guildCreates, membersChunk, readyPayload } from './ready.js';
import { Recorder } from './recorder.js';
import type { FakeState } from './state.js';
import type { GatewayLogEntry, IdentifyRecord, JsonObject } from './types.js';

export interface GatewayConfig {
  heartbeatIntervalMs: number;
  token: string;
  requireToken: boolean;
  wsUrl: string;
  /** False: IDENTIFY with the Message Content intent (1 << 15) is closed with 4014. */
  messageContentIntent: boolean;
}

export interface CloseRecord {
  at: number;
  connectionId: number;
  code: number;
  byServer: boolean;
}

export class FakeGateway implements Dispatcher {
  readonly log = new Recorder<GatewayLogEntry>(
    'gateway event',
    (e) => `${e.dir} conn#${e.connectionId} shard ${e.shardId} op ${e.op}${e.t ? ` ${e.t}` : ''}${e.s !== null ? ` s=${e.s}` : ''}`,
  );
  readonly identifies: IdentifyRecord[] = [];
  readonly closes: CloseRecord[] = [];
  /** Query strings of every connection (v, encoding, compress). */
  readonly connectionQueries: Array<Record<string, string>> = [];
  connectionCount = 0;
  private readonly conns = new Set<Conn>();
  private readonly sessions = new GatewaySessions((conn, frame) => this.send(conn, frame));
  private readonly serverClosed = new WeakSet<Conn>();
  private acks = true;
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(
    private readonly state: FakeState,
    private readonly config: GatewayConfig,
  ) {}

  get openConnections(): number {
    return this.conns.size;
  }

  setHeartbeatAcks(enabled: boolean): void {
    this.acks = enabled;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.replace(/\/$/, '') !== '/gateway') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, Object.fromEntries(url.searchParams)));
  }

  private accept(ws: WebSocket, query: Record<string, string>): void {
    const conn: Conn = { id: ++this.connectionCount, ws, query, session: null };
    this.conns.add(conn);
    this.connectionQueries.push(query);
    ws.on('message', (data: RawData) => this.onMessage(conn, data));
    ws.on('error', () => undefined);
    ws.on('close', (code: number) => {
      this.conns.delete(conn);
      this.closes.push({ at: Date.now(), connectionId: conn.id, code, byServer: this.serverClosed.has(conn) });
      const s = conn.session;
      if (s?.conn === conn) s.conn = null;
      // Closing with 1000/1001 ends the session on real Discord; other codes keep it resumable.
      if (s && (code === 1000 || code === 1001)) s.invalid = true;
    });
    this.send(conn, {
      op: 10,
      d: { heartbeat_interval: this.config.heartbeatIntervalMs, _trace: ['["fake-discord-gateway",{"micros":0}]'] },
      s: null,
      t: null,
    });
  }

  private send(conn: Conn, payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    const full = { t: null, s: null, ...payload };
    conn.ws.send(JSON.stringify(full));
    this.record('out', conn, full.op, full.t, full.s, full.d);
  }

  private record(dir: 'in' | 'out', conn: Conn, op: number, t: string | null, s: number | null, d: unknown): void {
    this.log.push({
      at: Date.now(),
      dir,
      connectionId: conn.id,
      shardId: conn.session?.shardId ?? null,
      sessionId: conn.session?.id ?? null,
      op,
      t,
      s,
      d,
    });
  }

  private closeConn(conn: Conn, code: number, reason = ''): void {
    this.serverClosed.add(conn);
    if (code === 1006) conn.ws.terminate();
    else conn.ws.close(code, reason);
  }

  private onMessage(conn: Conn, data: RawData): void {
    const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let msg: { op?: unknown; d?: unknown };
    try {
      msg = JSON.parse(buf.toString('utf8')) as { op?: unknown; d?: unknown };
    } catch {
      this.closeConn(conn, 4002, 'Error while decoding payload.');
      return;
    }
    const op = Number(msg.op);
    const d = (msg.d ?? null) as JsonObject | null;
    this.record('in', conn, op, null, null, msg.d ?? null);
    if (op === 1) {
      if (this.acks) this.send(conn, { op: 11, d: null });
    } else if (op === 2) {
      this.identify(conn, d ?? {});
    } else if (op === 6) {
      this.resume(conn, d ?? {});
    } else if (!conn.session) {
      this.closeConn(conn, 4003, 'Not authenticated.');
    } else if (op === 8) {
      const chunk = d ? membersChunk(this.state, d) : null;
      if (chunk) this.sessions.push(conn.session, 'GUILD_MEMBERS_CHUNK', chunk);
    } else if (op !== 3 && op !== 4) {
      this.closeConn(conn, 4001, 'Unknown opcode.');
    }
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.length > 0 && (!this.config.requireToken || token === this.config.token);
  }

  private identify(conn: Conn, d: JsonObject): void {
    if (conn.session) return this.closeConn(conn, 4005, 'Already authenticated.');
    if (!this.tokenOk(d.token)) return this.closeConn(conn, 4004, 'Authentication failed.');
    const shard = Array.isArray(d.shard) ? (d.shard as number[]) : [0, 1];
    const [shardId = 0, shardCount = 1] = shard;
    if (shardCount < 1 || shardId < 0 || shardId >= shardCount) return this.closeConn(conn, 4010, 'Invalid shard.');
    if (typeof d.intents !== 'number') return this.closeConn(conn, 4013, 'Invalid intent(s).');
    if (!this.config.messageContentIntent && d.intents & (1 << 15)) return this.closeConn(conn, 4014, 'Disallowed intent(s).');
    this.identifies.push({
      at: Date.now(),
      connectionId: conn.id,
      shard: [shardId, shardCount],
      intents: d.intents,
      token: String(d.token),
      payload: d,
    });
    const session = this.sessions.open(conn, shardId, shardCount, d.intents);
    this.sessions.push(
      session,
      'READY',
      readyPayload(this.state, { sessionId: session.id, shard: [shardId, shardCount], resumeUrl: this.config.wsUrl }),
    );
    for (const g of guildCreates(this.state, shardId, shardCount)) this.sessions.push(session, 'GUILD_CREATE', g);
  }

  private resume(conn: Conn, d: JsonObject): void {
    if (!this.tokenOk(d.token)) return this.closeConn(conn, 4004, 'Authentication failed.');
    const seq = Number(d.seq ?? 0);
    const session = this.sessions.resumable(String(d.session_id ?? ''), seq);
    if (!session) {
      this.send(conn, { op: 9, d: false });
      return;
    }
    if (session.conn && session.conn !== conn) this.closeConn(session.conn, 4009, 'Session superseded.');
    if (conn.session && conn.session !== session) conn.session.conn = null;
    session.conn = conn;
    conn.session = session;
    for (const p of session.log) if (p.s > seq) this.send(conn, p);
    this.sessions.push(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
  }

  dispatch(t: string, d: DispatchBody, target: DispatchTarget): number {
    return this.sessions.dispatch(t, d, target);
  }

  hasSessionFor(target: DispatchTarget): boolean {
    return this.sessions.hasSessionFor(target);
  }

  private connsFor(shardId?: number): Conn[] {
    return [...this.conns].filter((c) => shardId === undefined || c.session?.shardId === shardId);
  }

  closeConnections(code: number, shardId?: number): number {
    const conns = this.connsFor(shardId);
    for (const c of conns) this.closeConn(c, code, code === 4000 ? 'Unknown error.' : '');
    return conns.length;
  }

  sendReconnect(shardId?: number): number {
    const conns = this.connsFor(shardId).filter((c) => c.session);
    for (const c of conns) this.send(c, { op: 7, d: null });
    return conns.length;
  }

  sendInvalidSession(resumable: boolean, shardId?: number): number {
    const conns = this.connsFor(shardId).filter((c) => c.session);
    for (const c of conns) {
      this.send(c, { op: 9, d: resumable });
      if (!resumable && c.session) {
        c.session.invalid = true;
        c.session.conn = null;
        c.session = null;
      }
    }
    return conns.length;
  }

  close(): void {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    this.wss.close();
    this.log.cancelAll('gateway closed');
  }
}
