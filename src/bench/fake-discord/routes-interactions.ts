// Interaction callbacks and interaction webhooks (@original, follow-ups).
import { echoMessage } from './events.js';
import { MessageFlags, applyEdit, buildMessage, discordError, validateMessage, type Reply } from './messages.js';
import { json, noContent, route, type Route, type RouteCtx } from './rest.js';
import type { InteractionRecord } from './state.js';
import type { JsonObject } from './types.js';

const unknownWebhook = (): Reply => discordError(404, 10015, 'Unknown Webhook');
const unknownMessage = (): Reply => discordError(404, 10008, 'Unknown Message');

/** Callback types each interaction type accepts (Discord answers 400 otherwise). */
const ALLOWED: Record<number, number[]> = {
  2: [4, 5, 9], // application command
  3: [4, 5, 6, 7, 9], // message component
  4: [8], // autocomplete
  5: [4, 5, 6, 7], // modal submit
};

function echo(ctx: RouteCtx, t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', msg: JsonObject): void {
  echoMessage(ctx.gateway, ctx.state, ctx.config.echoBotMessages, t, msg);
}

function callback(ctx: RouteCtx): Reply {
  const { state, params, body, files } = ctx;
  const rec = state.interactions.get(params.id ?? '');
  if (!rec || rec.token !== params.token) return discordError(404, 10062, 'Unknown interaction');
  const type = Number(body.type);
  if (rec.callbacks.length > 0) return discordError(400, 40060, 'Interaction has already been acknowledged.');
  if (!(ALLOWED[rec.type] ?? []).includes(type)) {
    return discordError(400, 50035, 'Invalid Form Body', {
      type: { _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: `Interaction response type ${type} is not valid here` }] },
    });
  }
  const data = (body.data && typeof body.data === 'object' ? body.data : {}) as JsonObject;
  let message: JsonObject | undefined;
  if (type === 4 || type === 5) {
    if (type === 4) {
      const invalid = validateMessage(data, files.length, false);
      if (invalid) return invalid;
    }
    const msgBody = type === 4 ? data : { flags: Number(data.flags ?? 0) & MessageFlags.Ephemeral };
    message = buildMessage(state, {
      channelId: rec.channelId,
      author: state.bot,
      body: msgBody,
      files: type === 4 ? files : [],
      interaction: rec,
      loading: type === 5,
    });
    state.storeMessage(message);
    rec.originalMessageId = String(message.id);
    echo(ctx, 'MESSAGE_CREATE', message);
  } else if (type === 6 || type === 7) {
    rec.originalMessageId = rec.componentMessageId;
    const target = rec.componentMessageId ? state.messageById(rec.componentMessageId) : undefined;
    if (type === 7 && target) {
      const invalid = validateMessage(data, files.length, true, target);
      if (invalid) return invalid;
      message = applyEdit(state, target, data, files);
      echo(ctx, 'MESSAGE_UPDATE', message);
    }
  }
  rec.callbacks.push(type);
  if (ctx.query.with_response !== 'true') return noContent();
  const flags = Number(message?.flags ?? 0);
  return json({
    interaction: {
      id: rec.id,
      type: rec.type,
      activity_instance_id: null,
      response_message_id: message ? message.id : null,
      response_message_loading: message ? Boolean(flags & MessageFlags.Loading) : null,
      response_message_ephemeral: message ? Boolean(flags & MessageFlags.Ephemeral) : null,
    },
    resource: message ? { type, message } : { type },
  });
}

function hookRecord(ctx: RouteCtx): InteractionRecord | null {
  const rec = ctx.state.interactionsByToken.get(ctx.params.token ?? '');
  return rec && ctx.params.appId === ctx.state.appId ? rec : null;
}

function hookMessage(ctx: RouteCtx, rec: InteractionRecord): JsonObject | null {
  const id = ctx.params.messageId === '@original' ? rec.originalMessageId : (ctx.params.messageId ?? null);
  return id ? (ctx.state.messageById(id) ?? null) : null;
}

function followUp(ctx: RouteCtx): Reply {
  const rec = hookRecord(ctx);
  if (!rec || rec.callbacks.length === 0) return unknownWebhook();
  const invalid = validateMessage(ctx.body, ctx.files.length, false);
  if (invalid) return invalid;
  const channelId = ctx.query.thread_id ?? rec.channelId;
  const message = buildMessage(ctx.state, {
    channelId,
    author: ctx.state.bot,
    body: ctx.body,
    files: ctx.files,
    interaction: rec,
    followup: true,
  });
  ctx.state.storeMessage(message);
  echo(ctx, 'MESSAGE_CREATE', message);
  return json(message);
}

function getHookMessage(ctx: RouteCtx): Reply {
  const rec = hookRecord(ctx);
  if (!rec) return unknownWebhook();
  const msg = hookMessage(ctx, rec);
  return msg ? json(msg) : unknownMessage();
}

function editHookMessage(ctx: RouteCtx): Reply {
  const rec = hookRecord(ctx);
  if (!rec) return unknownWebhook();
  const msg = hookMessage(ctx, rec);
  if (!msg) return unknownMessage();
  const invalid = validateMessage(ctx.body, ctx.files.length, true, msg);
  if (invalid) return invalid;
  applyEdit(ctx.state, msg, ctx.body, ctx.files);
  echo(ctx, 'MESSAGE_UPDATE', msg);
  return json(msg);
}

function deleteHookMessage(ctx: RouteCtx): Reply {
  const rec = hookRecord(ctx);
  if (!rec) return unknownWebhook();
  const msg = hookMessage(ctx, rec);
  if (!msg || !ctx.state.deleteMessage(String(msg.channel_id), String(msg.id))) return unknownMessage();
  if (ctx.config.echoBotMessages && !(Number(msg.flags ?? 0) & MessageFlags.Ephemeral)) {
    const d = { id: msg.id, channel_id: msg.channel_id, ...(rec.guildId ? { guild_id: rec.guildId } : {}) };
    ctx.gateway.dispatch('MESSAGE_DELETE', (intents) => (intents & (rec.guildId ? 1 << 9 : 1 << 12) ? d : null), { guildId: rec.guildId });
  }
  return noContent();
}

export const interactionRoutes: Route[] = [
  route('POST', '/interactions/:id/:token/callback', callback, false),
  route('POST', '/webhooks/:appId/:token', followUp, false),
  route('GET', '/webhooks/:appId/:token/messages/:messageId', getHookMessage, false),
  route('PATCH', '/webhooks/:appId/:token/messages/:messageId', editHookMessage, false),
  route('DELETE', '/webhooks/:appId/:token/messages/:messageId', deleteHookMessage, false),
];
