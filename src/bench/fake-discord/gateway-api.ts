// The gateway half of FakeDiscord's surface for tests: what the gateway saw (identifies, connections, its log),
// waits for a live session, events sent to the bot, and gateway faults. FakeDiscord (server.ts) extends it.
import { messageEvent, type DispatchBody, type DispatchTarget } from './events.js';
import type { CloseRecord, FakeGateway } from './gateway.js';
import type { FakeState } from './state.js';
import type { GatewayLogEntry, IdentifyRecord, JsonObject } from './types.js';

export abstract class GatewayApi {
  abstract readonly state: FakeState;
  protected abstract readonly gateway: FakeGateway;

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
}
