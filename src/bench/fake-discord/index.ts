// Loopback fake of Discord (REST API v10 + JSON gateway) for end-to-end tests with the real discord.js client.
//
//   const fake = await startFakeDiscord();
//   const client = new Client({ intents, rest: { api: fake.apiUrl, cdn: fake.cdnUrl } });
//   await client.login(fake.token);
//   fake.sendInteraction(fake.build.slash({ name: 'ask', options: [{ name: 'q', type: 'string', value: 'why?' }] }));
//   const patch = await fake.waitForRequest((r) => r.method === 'PATCH' && r.status === 200);
//
// Realism notes:
// - Routing: guild events go to the session whose IDENTIFY shard matches (guild_id >> 22) % shard_count; DMs to shard 0.
// - Intents are honoured for MESSAGE_CREATE/UPDATE/DELETE: guild messages need GUILD_MESSAGES, DMs DIRECT_MESSAGES;
//   without MESSAGE_CONTENT (1<<15) content/embeds/attachments/components are blanked unless the message is a DM,
//   the bot's own, or mentions the bot.
// - The bot's own non-ephemeral messages are echoed back as MESSAGE_CREATE/UPDATE (option echoBotMessages).
// - Message bodies are validated against Discord limits (2000 chars, 10 embeds, 6000 embed chars, empty message → 50006).
// - Interactions accept one callback (second → 400 code 40060); unknown ones → 404 code 10062.
// - discord.js re-identifies through a per-manager throttle that waits ~5-6.5 s when the same shard identifies twice
//   within 5 s; use `noIdentifyThrottle` in `ws.buildIdentifyThrottler` for fast invalid-session tests.
import { FakeDiscord } from './server.js';
import type { FakeDiscordOptions } from './types.js';

export { FakeDiscord } from './server.js';
export type { CloseRecord } from './gateway.js';
export { PayloadBuilders, type BuiltInteraction, type BuiltMessage, type InteractionContextInput, type MessageInput } from './builders.js';
export { Intents, messageEvent, type DispatchBody, type DispatchTarget } from './events.js';
export { shardOf, snowflake, snowflakeForShard, snowflakeTime } from './ids.js';
export type { GuildState } from './guilds.js';
export { BOT_PERMISSIONS, EVERYONE_PERMISSIONS } from './permissions.js';
export type { SlashOption } from './slash-options.js';
export type { InteractionRecord } from './state.js';
export type * from './types.js';

export function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return FakeDiscord.start(opts);
}

/** An identify throttler that never waits (discord.js `ws: { buildIdentifyThrottler: () => noIdentifyThrottle }`). */
export const noIdentifyThrottle = {
  async waitForIdentify(): Promise<void> {},
};
