// Message objects built from REST bodies (JSON or multipart), edits, and Discord's validation limits.
import { isoNow, snowflake } from './ids.js';
import type { FakeState, InteractionRecord } from './state.js';
import type { JsonObject, RecordedFile } from './types.js';

export const MessageFlags = { Ephemeral: 64, Loading: 128, IsComponentsV2: 1 << 15 } as const;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function discordError(status: number, code: number, message: string, errors?: JsonObject): Reply {
  return { status, body: errors ? { message, code, errors } : { message, code } };
}

function formError(path: string[], code: string, message: string): Reply {
  let errors: JsonObject = { _errors: [{ code, message }] };
  for (const key of [...path].reverse()) errors = { [key]: errors };
  return discordError(400, 50035, 'Invalid Form Body', errors);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Discord's documented limits; returns the error reply real Discord would send, or null. */
export function validateMessage(body: JsonObject, fileCount: number, isEdit: boolean, existing?: JsonObject): Reply | null {
  const content = body.content;
  if (typeof content === 'string' && content.length > 2000) {
    return formError(['content'], 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
  }
  const embeds = Array.isArray(body.embeds) ? (body.embeds as JsonObject[]) : [];
  if (embeds.length > 10) return formError(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const checks: Array<[string[], string, number]> = [
      [['title'], str(e.title), 256],
      [['description'], str(e.description), 4096],
      [['footer', 'text'], str((e.footer as JsonObject | undefined)?.text), 2048],
      [['author', 'name'], str((e.author as JsonObject | undefined)?.name), 256],
    ];
    const fields = Array.isArray(e.fields) ? (e.fields as JsonObject[]) : [];
    if (fields.length > 25) return formError(['embeds', String(i), 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f, j) => {
      checks.push([['fields', String(j), 'name'], str(f.name), 256], [['fields', String(j), 'value'], str(f.value), 1024]);
    });
    for (const [path, value, max] of checks) {
      total += value.length;
      if (value.length > max)
        return formError(['embeds', String(i), ...path], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
    }
  }
  if (total > 6000) return formError(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  const flags = Number(body.flags ?? existing?.flags ?? 0);
  const components = Array.isArray(body.components) ? body.components : [];
  if (!(flags & MessageFlags.IsComponentsV2) && components.length > 5) {
    return formError(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  }
  const pick = <T>(key: string, fallback: T): unknown => (key in body ? body[key] : (existing?.[key] ?? fallback));
  const hasContent = str(pick('content', '')).trim().length > 0;
  const has = (key: string): boolean => {
    const v = pick(key, []);
    return Array.isArray(v) && v.length > 0;
  };
  const empty =
    !hasContent &&
    !has('embeds') &&
    !has('components') &&
    !has('sticker_ids') &&
    fileCount === 0 &&
    !(isEdit ? has('attachments') : false) &&
    !body.poll;
  return empty ? discordError(400, 50006, 'Cannot send an empty message') : null;
}

/** Users/roles mentioned in content, filtered by allowed_mentions (default: everything may ping). */
function resolveMentions(state: FakeState, content: string, allowed: JsonObject | undefined): JsonObject {
  const parse = Array.isArray(allowed?.parse) ? (allowed.parse as string[]) : null;
  const allowedUsers = Array.isArray(allowed?.users) ? (allowed.users as string[]) : [];
  const allowedRoles = Array.isArray(allowed?.roles) ? (allowed.roles as string[]) : [];
  const userIds = [...new Set([...content.matchAll(/<@!?(\d{15,21})>/g)].map((m) => m[1] ?? ''))];
  const roleIds = [...new Set([...content.matchAll(/<@&(\d{15,21})>/g)].map((m) => m[1] ?? ''))];
  const everyone = /@(everyone|here)/.test(content);
  return {
    mentions: userIds.filter((id) => !allowed || parse?.includes('users') || allowedUsers.includes(id)).map((id) => state.userById(id)),
    mention_roles: roleIds.filter((id) => !allowed || parse?.includes('roles') || allowedRoles.includes(id)),
    mention_everyone: everyone && (!allowed || Boolean(parse?.includes('everyone'))),
  };
}

function attachmentsFor(
  state: FakeState,
  channelId: string,
  body: JsonObject,
  files: RecordedFile[],
  existing: JsonObject[],
): JsonObject[] {
  const meta = Array.isArray(body.attachments) ? (body.attachments as JsonObject[]) : null;
  const kept = meta ? existing.filter((a) => meta.some((m) => String(m.id) === String(a.id))) : existing;
  const created = files.map((f, index) => {
    const n = /\[(\d+)\]/.exec(f.field)?.[1] ?? String(index);
    const m = meta?.find((x) => String(x.id) === n);
    const name = typeof m?.filename === 'string' ? m.filename : f.filename;
    const att = state.addFile(name, f.content, f.contentType, channelId);
    if (typeof m?.description === 'string') att.description = m.description;
    return att;
  });
  return [...kept, ...created];
}

export interface NewMessage {
  channelId: string;
  author: JsonObject;
  body: JsonObject;
  files: RecordedFile[];
  interaction?: InteractionRecord;
  followup?: boolean;
  /** For callback type 5: the "is thinking" placeholder. */
  loading?: boolean;
}

export function interactionMetadata(rec: InteractionRecord, followup: boolean): JsonObject {
  const data = rec.payload.data as JsonObject | undefined;
  const owners = rec.payload.authorizing_integration_owners ?? {};
  const md: JsonObject = { id: rec.id, type: rec.type, user: rec.user, authorizing_integration_owners: owners };
  if (rec.type === 2 && data) Object.assign(md, { name: data.name, command_type: data.type ?? 1 });
  if (rec.componentMessageId) md.interacted_message_id = rec.componentMessageId;
  if (followup && rec.originalMessageId) md.original_response_message_id = rec.originalMessageId;
  return md;
}

export function buildMessage(state: FakeState, m: NewMessage): JsonObject {
  const { body } = m;
  const id = snowflake();
  const content = str(body.content);
  const flags = (Number(body.flags ?? 0) & ~MessageFlags.Loading) | (m.loading ? MessageFlags.Loading : 0);
  const ref = body.message_reference as JsonObject | undefined;
  const referenced = ref?.message_id ? state.messageById(String(ref.message_id)) : undefined;
  const channel = state.channels.get(m.channelId);
  const msg: JsonObject = {
    id,
    channel_id: m.channelId,
    author: m.author,
    content,
    timestamp: isoNow(),
    edited_timestamp: null,
    tts: Boolean(body.tts),
    ...resolveMentions(state, content, body.allowed_mentions as JsonObject | undefined),
    mention_channels: [],
    attachments: attachmentsFor(state, m.channelId, body, m.files, []),
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    components: Array.isArray(body.components) ? body.components : [],
    reactions: [],
    pinned: false,
    type: referenced ? 19 : 0,
    flags,
  };
  if (body.nonce !== undefined) msg.nonce = body.nonce;
  if (typeof channel?.message_count === 'number') msg.position = channel.message_count;
  if (ref && referenced) {
    msg.message_reference = {
      type: 0,
      message_id: referenced.id,
      channel_id: referenced.channel_id,
      ...(channel?.guild_id ? { guild_id: channel.guild_id } : {}),
    };
    msg.referenced_message = referenced;
    // A reply pings the author replied to (unless allowed_mentions.replied_user is false), and
    // Discord lists them in `mentions`: for a reply to the bot, that is a mention of the bot.
    const ping = (body.allowed_mentions as JsonObject | undefined)?.replied_user !== false;
    const author = referenced.author as JsonObject | undefined;
    const mentions = msg.mentions as JsonObject[];
    if (ping && author && author.id !== m.author.id && !mentions.some((u) => u.id === author.id)) mentions.push(author);
  }
  if (m.interaction) {
    const rec = m.interaction;
    Object.assign(msg, { webhook_id: state.appId, application_id: state.appId });
    msg.interaction_metadata = interactionMetadata(rec, Boolean(m.followup));
    const data = rec.payload.data as JsonObject | undefined;
    msg.interaction = { id: rec.id, type: rec.type, name: data?.name ?? data?.custom_id ?? '', user: rec.user };
    if (rec.type === 2 && !referenced) msg.type = (data?.type ?? 1) === 1 ? 20 : 23;
    if (m.followup && rec.originalMessageId && !referenced) {
      msg.type = 19;
      msg.message_reference = { type: 0, message_id: rec.originalMessageId, channel_id: m.channelId };
    }
  }
  return msg;
}

/** Applies a PATCH body (content/embeds/components/flags/attachments) in place. */
export function applyEdit(state: FakeState, msg: JsonObject, body: JsonObject, files: RecordedFile[]): JsonObject {
  for (const key of ['content', 'embeds', 'components'] as const) {
    if (key in body) msg[key] = body[key] ?? (key === 'content' ? '' : []);
  }
  if (typeof msg.content === 'string' && 'content' in body) {
    Object.assign(msg, resolveMentions(state, msg.content, body.allowed_mentions as JsonObject | undefined));
  }
  const wasLoading = (Number(msg.flags ?? 0) & MessageFlags.Loading) !== 0;
  if ('flags' in body) msg.flags = Number(body.flags ?? 0);
  msg.flags = Number(msg.flags ?? 0) & ~MessageFlags.Loading;
  if ('attachments' in body || files.length > 0) {
    msg.attachments = attachmentsFor(state, String(msg.channel_id), body, files, (msg.attachments as JsonObject[]) ?? []);
  }
  // Editing the "thinking" placeholder of a deferred reply is its first real content, not an edit.
  msg.edited_timestamp = wasLoading ? null : isoNow();
  return msg;
}
