// Snowflake ids and shard routing, following Discord's formulas.
import { randomBytes } from 'node:crypto';

export const DISCORD_EPOCH = 1420070400000n;

let lastMs = 0n;
let increment = 0n;

/** A realistic, strictly increasing snowflake (18-19 digits) for the current time. */
export function snowflake(atMs: number = Date.now()): string {
  let ms = BigInt(atMs) - DISCORD_EPOCH;
  if (ms < lastMs) ms = lastMs;
  if (ms === lastMs) {
    increment += 1n;
    if (increment > 4095n) {
      ms += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastMs = ms;
  // worker 1, process 0, like ids minted by a single API node
  return ((ms << 22n) | (1n << 17n) | increment).toString();
}

/** Discord's shard routing: `(guild_id >> 22) % num_shards`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}

/** A fresh snowflake whose guild routing lands on `shardId` of `shardCount`. */
export function snowflakeForShard(shardId: number, shardCount: number): string {
  const count = BigInt(Math.max(1, shardCount));
  let ms = BigInt(Date.now()) - DISCORD_EPOCH - 86_400_000n; // a day old, like a real guild
  ms -= ((ms % count) - BigInt(shardId) + count) % count;
  const inc = BigInt(Math.floor(Math.random() * 4096));
  return ((ms << 22n) | (2n << 17n) | inc).toString();
}

/** Timestamp (ms since the Unix epoch) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Interaction tokens are long opaque url-safe strings. */
export function interactionToken(interactionId: string): string {
  const raw = `interaction:${interactionId}:${randomHex(24)}`;
  return `aW50ZXJhY3Rpb246${Buffer.from(raw).toString('base64url')}`;
}

export function isoNow(): string {
  return new Date().toISOString().replace('Z', '+00:00');
}
