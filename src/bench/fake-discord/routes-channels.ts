// Channel routes: messages, history, threads, typing, reactions.
import { Intents, echoMessage } from './events.js';
import { applyEdit, buildMessage, discordError, validateMessage, type Reply } from './messages.js';
import { ChannelType, isThreadType } from './payloads.js';
import { json, noContent, route, type Route, type RouteCtx } from './rest.js';
import type { JsonObject } from './types.js';

const unknownChannel = (): Reply => discordError(404, 10003, 'Unknown Channel');
const unknownMessage = (): Reply => discordError(404, 10008, 'Unknown Message');

function channelOf(ctx: RouteCtx): JsonObject | undefined {
  return ctx.state.channels.get(ctx.params.channelId ?? '');
}

function messageOf(ctx: RouteCtx): JsonObject | undefined {
  return ctx.state.findMessage(ctx.params.channelId ?? '', ctx.params.messageId ?? '');
}

function createMessage(ctx: RouteCtx): Reply {
  const channel = channelOf(ctx);
  if (!channel) return unknownChannel();
  const invalid = validateMessage(ctx.body, ctx.files.length, false);
  if (invalid) return invalid;
  const ref = ctx.body.message_reference as JsonObject | undefined;
  if (ref?.message_id && !ctx.state.messageById(String(ref.message_id)) && ref.fail_if_not_exists !== false) {
    return discordError(400, 50035, 'Invalid Form Body', {
      message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] },
    });
  }
  const msg = buildMessage(ctx.state, { channelId: String(channel.id), author: ctx.state.bot, body: ctx.body, files: ctx.files });
  ctx.state.storeMessage(msg);
  echoMessage(ctx.gateway, ctx.state, ctx.config.echoBotMessages, 'MESSAGE_CREATE', msg);
  return json(msg);
}

function editMessage(ctx: RouteCtx): Reply {
  const msg = messageOf(ctx);
  if (!msg) return channelOf(ctx) ? unknownMessage() : unknownChannel();
  if ((msg.author as JsonObject).id !== ctx.state.botId) {
    return discordError(403, 50005, 'Cannot edit a message authored by another user');
  }
  const invalid = validateMessage(ctx.body, ctx.files.length, true, msg);
  if (invalid) return invalid;
  applyEdit(ctx.state, msg, ctx.body, ctx.files);
  echoMessage(ctx.gateway, ctx.state, ctx.config.echoBotMessages, 'MESSAGE_UPDATE', msg);
  return json(msg);
}

function deleteMessage(ctx: RouteCtx): Reply {
  const msg = messageOf(ctx);
  if (!msg) return channelOf(ctx) ? unknownMessage() : unknownChannel();
  ctx.state.deleteMessage(String(msg.channel_id), String(msg.id));
  return noContent();
}

function threadCreated(ctx: RouteCtx, thread: JsonObject): void {
  const member = { id: thread.id, user_id: ctx.state.botId, join_timestamp: new Date().toISOString(), flags: 1 };
  ctx.gateway.dispatch('THREAD_CREATE', (intents) => (intents & Intents.Guilds ? { ...thread, newly_created: true, member } : null), {
    guildId: String(thread.guild_id),
  });
}

function threadName(ctx: RouteCtx): string | Reply {
  const name = ctx.body.name;
  if (typeof name === 'string' && name.length >= 1 && name.length <= 100) return name;
  return discordError(400, 50035, 'Invalid Form Body', {
    name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] },
  });
}

function startThreadFromMessage(ctx: RouteCtx): Reply {
  const channel = channelOf(ctx);
  if (!channel) return unknownChannel();
  const msg = messageOf(ctx);
  if (!msg) return unknownMessage();
  if (channel.type !== ChannelType.GuildText && channel.type !== 5) {
    return discordError(400, 50024, 'Cannot execute action on this channel type');
  }
  if (ctx.state.channels.has(String(msg.id))) return discordError(400, 160004, 'A thread has already been created for this message');
  const name = threadName(ctx);
  if (typeof name !== 'string') return name;
  const thread = ctx.state.addThread({
    id: String(msg.id),
    parentId: String(channel.id),
    name,
    ownerId: ctx.state.botId,
    type: ChannelType.PublicThread,
    autoArchive: Number(ctx.body.auto_archive_duration ?? 1440),
  });
  msg.thread = thread;
  threadCreated(ctx, thread);
  return json(thread, 201);
}

function startThread(ctx: RouteCtx): Reply {
  const channel = channelOf(ctx);
  if (!channel) return unknownChannel();
  if (isThreadType(channel.type) || !channel.guild_id) return discordError(400, 50024, 'Cannot execute action on this channel type');
  const name = threadName(ctx);
  if (typeof name !== 'string') return name;
  const thread = ctx.state.addThread({
    parentId: String(channel.id),
    name,
    ownerId: ctx.state.botId,
    type: Number(ctx.body.type ?? ChannelType.PrivateThread),
    autoArchive: Number(ctx.body.auto_archive_duration ?? 1440),
  });
  threadCreated(ctx, thread);
  return json(thread, 201);
}

function react(ctx: RouteCtx, add: boolean): Reply {
  const msg = messageOf(ctx);
  if (!msg) return channelOf(ctx) ? unknownMessage() : unknownChannel();
  const name = ctx.params.emoji ?? '';
  const reactions = (msg.reactions ?? []) as JsonObject[];
  const custom = /^(.+):(\d+)$/.exec(name);
  const emoji = custom ? { id: custom[2], name: custom[1] } : { id: null, name };
  const existing = reactions.find((r) => JSON.stringify(r.emoji) === JSON.stringify(emoji));
  if (add && !existing)
    reactions.push({
      emoji,
      count: 1,
      me: true,
      burst_colors: [],
      count_details: { burst: 0, normal: 1 },
      me_burst: false,
      burst_me: false,
      burst_count: 0,
    });
  if (!add && existing) reactions.splice(reactions.indexOf(existing), 1);
  msg.reactions = reactions;
  return noContent();
}

export const channelRoutes: Route[] = [
  route('GET', '/channels/:channelId', (ctx) => (channelOf(ctx) ? json(channelOf(ctx)) : unknownChannel())),
  route('POST', '/channels/:channelId/messages', createMessage),
  route('GET', '/channels/:channelId/messages', (ctx) =>
    channelOf(ctx) ? json(ctx.state.history(ctx.params.channelId ?? '', ctx.query)) : unknownChannel(),
  ),
  route('GET', '/channels/:channelId/messages/:messageId', (ctx) => (messageOf(ctx) ? json(messageOf(ctx)) : unknownMessage())),
  route('PATCH', '/channels/:channelId/messages/:messageId', editMessage),
  route('DELETE', '/channels/:channelId/messages/:messageId', deleteMessage),
  route('POST', '/channels/:channelId/messages/:messageId/threads', startThreadFromMessage),
  route('POST', '/channels/:channelId/threads', startThread),
  route('POST', '/channels/:channelId/typing', (ctx) => (channelOf(ctx) ? noContent() : unknownChannel())),
  route('PUT', '/channels/:channelId/thread-members/@me', (ctx) => (channelOf(ctx) ? noContent() : unknownChannel())),
  route('DELETE', '/channels/:channelId/thread-members/@me', (ctx) => (channelOf(ctx) ? noContent() : unknownChannel())),
  route('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => react(ctx, true)),
  route('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', (ctx) => react(ctx, false)),
];
