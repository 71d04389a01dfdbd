// Gateway sessions: their sequence numbers, the dispatch log a RESUME replays, and which sessions (by shard) a
// dispatch reaches. A session outlives its connection until it is invalidated.
import type { WebSocket } from 'ws';
import type { DispatchBody, DispatchTarget, Dispatcher } from './events.js';
import { randomHex, shardOf } from './ids.js';

/** An op 0 DISPATCH frame as a session sends (and replays) it. */
export interface DispatchFrame {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

export interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  intents: number;
  seq: number;
  log: DispatchFrame[];
  conn: Conn | null;
  invalid: boolean;
}

export interface Conn {
  id: number;
  ws: WebSocket;
  query: Record<string, string>;
  session: Session | null;
}

export class GatewaySessions implements Dispatcher {
  private readonly sessions = new Map<string, Session>();

  /** `send` writes a frame to a live connection. */
  constructor(private readonly send: (conn: Conn, frame: DispatchFrame) => void) {}

  /** A new session on `conn` after an IDENTIFY for shard [shardId, shardCount]. */
  open(conn: Conn, shardId: number, shardCount: number, intents: number): Session {
    // A fresh IDENTIFY abandons this shard's disconnected sessions (they can no longer be resumed).
    for (const s of this.sessions.values()) if (!s.conn && s.shardId === shardId && s.shardCount === shardCount) s.invalid = true;
    const session: Session = { id: randomHex(16), shardId, shardCount, intents, seq: 0, log: [], conn, invalid: false };
    this.sessions.set(session.id, session);
    conn.session = session;
    return session;
  }

  /** The session a RESUME from `seq` can continue (its log still holds every later dispatch), else undefined. */
  resumable(sessionId: string, seq: number): Session | undefined {
    const session = this.sessions.get(sessionId);
    const first = session?.log[0]?.s ?? 1;
    if (!session || session.invalid || seq > session.seq || first > seq + 1) return undefined;
    return session;
  }

  push(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const payload = { op: 0 as const, t, s: session.seq, d };
    session.log.push(payload);
    if (session.log.length > 2000) session.log.shift();
    if (session.conn) this.send(session.conn, payload);
  }

  private targets(target: DispatchTarget): Session[] {
    return [...this.sessions.values()].filter((s) => {
      if (s.invalid) return false;
      if (target.shardId !== undefined) return s.shardId === target.shardId;
      return s.shardId === (target.guildId ? shardOf(target.guildId, s.shardCount) : 0);
    });
  }

  dispatch(t: string, d: DispatchBody, target: DispatchTarget): number {
    let n = 0;
    for (const s of this.targets(target)) {
      const body = typeof d === 'function' ? d(s.intents) : d;
      if (body) {
        this.push(s, t, body);
        n += 1;
      }
    }
    return n;
  }

  hasSessionFor(target: DispatchTarget): boolean {
    return this.targets(target).length > 0;
  }
}
