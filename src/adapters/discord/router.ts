/**
 * The only code that touches discord.js interactions and messages: it turns them into our
 * ports (CommandCall, MessageQuestion, ButtonClick) and hands them to the flows.
 */
import {
  ApplicationCommandOptionType,
  ChannelType,
  DiscordAPIError,
  Events,
  MessageFlags,
  MessageType,
  ThreadAutoArchiveDuration,
  type Attachment,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteractionOption,
  type Interaction,
  type Message,
  type MessageMentionOptions,
} from 'discord.js';
import type { CommandFile, OptionValue } from '../../commands/types.js';
import { UserError } from '../../domain/errors.js';
import type { Logger } from '../../compose/log.js';
import { runButton } from './button-flow.js';
import { documentChoices } from './choices.js';
import { runCommand } from './command-flow.js';
import { HISTORY_FETCH, stripBotMention } from './conversation.js';
import { errorForLog } from './errors.js';
import { answerIdIn, customIdsIn } from './feedback-buttons.js';
import { runMessage } from './message-flow.js';
import { invokerFrom, type Place } from './permissions.js';
import type { ButtonClick, CommandCall, Conversation, FlowDeps, MessageQuestion } from './ports.js';
import type { OutgoingMessage } from './render.js';

/** Nothing footnote sends may ping anyone: the questions it echoes are other people's text. */
export const NO_PINGS = { parse: [], repliedUser: false } satisfies MessageMentionOptions;
const MAX_UPLOAD_BYTES = 1_000_000;

export interface RouterDeps extends FlowDeps {
  log: Logger;
  /** Registers work in flight so shutdown can wait for it. */
  track<T>(work: Promise<T>): Promise<T>;
}

const MAX_DOWNLOAD_MS = 30_000;

const payload = (m: OutgoingMessage) => ({
  content: m.content,
  components: m.components ?? [],
  allowedMentions: NO_PINGS,
  ...(m.files?.length ? { files: m.files.map((f) => ({ name: f.name, attachment: Buffer.from(f.content, 'utf8') })) } : {}),
});
const flagsFor = (ephemeral: boolean) => (ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});

export function attachRouter(client: Client, deps: RouterDeps): void {
  // Failures that escape the flows (e.g. the acknowledgement itself failed for good) are logged
  // with the ids needed to find the interaction or message again.
  const fail = (what: string, ids: Record<string, string | null | undefined>) => (error: unknown) =>
    deps.log.error({ ...ids, err: errorForLog(error, deps.secrets) }, `${what} failed`);
  let warnedEmptyContent = false;

  client.on(Events.InteractionCreate, (interaction) => {
    const ids = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
    void deps.track(onInteraction(interaction)).catch(fail('interaction', ids));
  });
  client.on(Events.MessageCreate, (message) => {
    const ids = { messageId: message.id, channelId: message.channelId, guildId: message.guildId, userId: message.author.id };
    void deps.track(onMessage(message)).catch(fail('message', ids));
  });

  async function onInteraction(i: Interaction): Promise<void> {
    if (i.isChatInputCommand()) return runCommand(deps, commandCall(i));
    if (i.isAutocomplete()) return autocomplete(i);
    if (i.isButton()) return runButton(deps, buttonClick(i));
  }

  function placeOf(channelId: string, guildId: string | null): Place {
    const channel = client.channels.cache.get(channelId);
    const parentId = channel?.isThread() ? channel.parentId : null;
    return { channelId, isDm: !guildId, ...(guildId ? { guildId } : {}), ...(parentId ? { parentId } : {}) };
  }

  function interactionBase(i: ChatInputCommandInteraction | ButtonInteraction, command: string) {
    const place = placeOf(i.channelId, i.guildId);
    const roles = i.member?.roles;
    const roleIds = !roles ? [] : Array.isArray(roles) ? roles : [...roles.cache.keys()];
    const invoker = invokerFrom({ userId: i.user.id, place, permissions: i.memberPermissions?.bitfield ?? null, roleIds });
    const log = deps.log.child({ interactionId: i.id, guildId: i.guildId ?? undefined, userId: i.user.id, command });
    return { place, invoker, log };
  }

  function commandCall(i: ChatInputCommandInteraction): CommandCall {
    return {
      ...interactionBase(i, i.commandName),
      name: i.commandName,
      options: optionsOf(i.options.data),
      reply: async (m, ephemeral) => void (await i.reply({ ...payload(m), ...flagsFor(ephemeral) })),
      defer: async (ephemeral) => void (await i.deferReply(flagsFor(ephemeral))),
      edit: async (m) => void (await i.editReply(payload(m))),
      followUp: async (m, ephemeral) => void (await i.followUp({ ...payload(m), ...flagsFor(ephemeral) })),
      deleteReply: async () => void (await i.deleteReply()),
      post: (channelId, m) => post(channelId, i.guildId, m),
    };
  }

  async function post(channelId: string, guildId: string | null, m: OutgoingMessage): Promise<void> {
    const channel = await client.channels.fetch(channelId).catch(() => null);
    const sameGuild = channel && 'guildId' in channel && channel.guildId === guildId;
    if (!channel || !sameGuild || !channel.isSendable()) throw new UserError('I cannot post in that channel.');
    try {
      await channel.send(payload(m));
    } catch (error) {
      // 50001 Missing Access, 50013 Missing Permissions: the server's setup, not a bug.
      if (error instanceof DiscordAPIError && (error.code === 50001 || error.code === 50013)) {
        throw new UserError(`I cannot post in #${'name' in channel ? channel.name : channelId}: I am missing access or permissions there.`);
      }
      throw error;
    }
  }

  async function autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    if (focused.name !== 'doc') return void (await i.respond([]));
    // A server's uploaded articles first, then the shipped documents.
    const documents = deps.articles ? await deps.articles.choices(i.guildId ?? undefined) : deps.footnote.documents();
    await i.respond(documentChoices(documents, String(focused.value)));
  }

  function buttonClick(i: ButtonInteraction): ButtonClick {
    return {
      ...interactionBase(i, `button:${i.customId.split(':')[0] ?? ''}`),
      customId: i.customId,
      reply: async (m, ephemeral) => void (await i.reply({ ...payload(m), ...flagsFor(ephemeral) })),
    };
  }

  async function onMessage(message: Message): Promise<void> {
    const me = client.user;
    if (!me || message.author.bot || message.webhookId || message.system) return;
    if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return;
    const channel = message.channel;
    const isDm = !message.inGuild();
    const ownThread = channel.isThread() && channel.ownerId === me.id;
    const botRoleId = message.guild?.members.me?.roles.botRole?.id;
    const repliedToBot = message.reference !== null && message.mentions.repliedUser?.id === me.id;
    const mentioned = message.mentions.users.has(me.id) || (botRoleId !== undefined && message.mentions.roles.has(botRoleId));
    const kind = isDm ? 'dm' : ownThread ? 'thread' : repliedToBot ? 'reply' : mentioned ? 'mention' : null;
    if (!kind) return;
    if (!message.content && message.attachments.size === 0 && !warnedEmptyContent) {
      warnedEmptyContent = true;
      deps.log.warn('a message to footnote arrived without content: enable the Message Content intent in the developer portal');
    }
    const place: Place = {
      channelId: channel.id,
      isDm,
      ...(message.guildId ? { guildId: message.guildId } : {}),
      ...(channel.isThread() && channel.parentId ? { parentId: channel.parentId } : {}),
    };
    const here: Conversation = {
      send: async (m) => {
        if (!channel.isSendable()) throw new Error('channel is not sendable');
        await channel.send(payload(m));
      },
      typing: () => (channel.isSendable() ? channel.sendTyping() : Promise.resolve()),
    };
    const question: MessageQuestion = {
      kind,
      botId: me.id,
      place,
      text: stripBotMention(message.content, me.id, botRoleId),
      invoker: invokerFrom({
        userId: message.author.id,
        place,
        permissions: message.member?.permissions.bitfield ?? null,
        roleIds: [...(message.member?.roles.cache.keys() ?? [])],
      }),
      log: deps.log.child({
        messageId: message.id,
        guildId: message.guildId ?? undefined,
        channelId: channel.id,
        userId: message.author.id,
        command: kind,
      }),
      canStartThread: channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement,
      ...(kind === 'reply' ? await repliedAnswer(message) : {}),
      inPlace: () => ({ send: async (m) => void (await message.reply(payload(m))), typing: here.typing }),
      here: () => here,
      startThread: async (name) => {
        const thread = await message.startThread({ name, autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
        return { send: async (m) => void (await thread.send(payload(m))), typing: () => thread.sendTyping() };
      },
      recentMessages: async () => {
        const fetched = await channel.messages.fetch({ limit: HISTORY_FETCH, before: message.id });
        return [...fetched.values()]
          .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1))
          .map((m) => ({ authorId: m.author.id, customIds: customIdsIn(m.components.map((c) => c.toJSON())) }));
      },
    };
    await runMessage(deps, question);
  }
}

async function repliedAnswer(message: Message): Promise<{ repliedAnswerId?: string }> {
  const ref = await message.fetchReference().catch(() => null);
  const id = ref ? answerIdIn(customIdsIn(ref.components.map((c) => c.toJSON()))) : undefined;
  return id ? { repliedAnswerId: id } : {};
}

function optionsOf(data: readonly CommandInteractionOption[]): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const o of data) {
    // A subcommand (/article upload …) is named in the options; its own options follow.
    if (o.type === ApplicationCommandOptionType.Subcommand) out.subcommand = o.name;
    if (o.options) Object.assign(out, optionsOf(o.options));
    else if (o.attachment) out[o.name] = fileOf(o.attachment);
    else if (o.value !== undefined && o.value !== null) out[o.name] = o.value;
  }
  return out;
}

function fileOf(a: Attachment): CommandFile {
  return {
    name: a.name,
    size: a.size,
    ...(a.contentType ? { contentType: a.contentType } : {}),
    async read() {
      if (a.size > MAX_UPLOAD_BYTES) throw new UserError(`${a.name} is too large (${a.size} bytes; the limit is ${MAX_UPLOAD_BYTES}).`);
      // Bounded: a command holding a lock (an eval) waits for this download.
      const res = await fetch(a.url, { signal: AbortSignal.timeout(MAX_DOWNLOAD_MS) });
      if (!res.ok) throw new Error(`downloading ${a.name} failed: HTTP ${res.status}`);
      return res.text();
    },
    async readBytes(maxBytes) {
      if (a.size > maxBytes) throw new UserError(`${a.name} is too large (${a.size} bytes; the limit is ${maxBytes}).`);
      const res = await fetch(a.url, { signal: AbortSignal.timeout(MAX_DOWNLOAD_MS) });
      if (!res.ok || !res.body) throw new Error(`downloading ${a.name} failed: HTTP ${res.status}`);
      // Counted as it arrives: the size Discord reported is not trusted to bound the download.
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.length;
        if (size > maxBytes) throw new UserError(`${a.name} is larger than ${maxBytes} bytes.`);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks);
    },
  };
}
