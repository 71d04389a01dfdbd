/**
 * The only code that touches discord.js interactions (and, in message-router.ts, messages): it
 * turns them into our ports (CommandCall, MessageQuestion, ButtonClick) and hands them to the flows.
 */
import {
  ApplicationCommandOptionType,
  DiscordAPIError,
  Events,
  MessageFlags,
  type Attachment,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type CommandInteraction,
  type CommandInteractionOption,
  type GuildBasedChannel,
  type Interaction,
  type MessageContextMenuCommandInteraction,
  type MessageMentionOptions,
} from 'discord.js';
import { ASK_MESSAGE_COMMAND } from '../../commands/ask.js';
import { noticeText } from '../../commands/notice-text.js';
import type { CommandFile, OptionValue } from '../../commands/types.js';
import { UserError } from '../../domain/errors.js';
import { runButton } from './button-flow.js';
import { documentChoices } from './choices.js';
import { runCommand } from './command-flow.js';
import { stripBotMention } from './conversation.js';
import { errorForLog } from './errors.js';
import { messageHandler } from './message-router.js';
import { invokerFrom, type Place } from './permissions.js';
import type { ButtonClick, CommandCall, RouterDeps } from './ports.js';
import { notice, type OutgoingMessage } from './render.js';
import { commandChannel, resolvedPermissions } from './target-channel.js';

/** Nothing footnote sends may ping anyone: the questions it echoes are other people's text. */
export const NO_PINGS = { parse: [], repliedUser: false } satisfies MessageMentionOptions;
const MAX_UPLOAD_BYTES = 1_000_000;
const MAX_DOWNLOAD_MS = 30_000;

const payload = (m: OutgoingMessage) => ({
  content: m.content,
  components: m.components ?? [],
  allowedMentions: NO_PINGS,
  ...(m.files?.length ? { files: m.files.map((f) => ({ name: f.name, attachment: Buffer.from(f.content, 'utf8') })) } : {}),
});
const flagsFor = (ephemeral: boolean) => (ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});

export type { RouterDeps };

export function attachRouter(client: Client, deps: RouterDeps): void {
  // Failures that escape the flows (e.g. the acknowledgement itself failed for good) are logged
  // with the ids needed to find the interaction or message again.
  const fail = (what: string, ids: Record<string, string | null | undefined>) => (error: unknown) =>
    deps.log.error({ ...ids, err: errorForLog(error, deps.secrets) }, `${what} failed`);
  const onMessage = messageHandler(client, deps, payload);

  client.on(Events.InteractionCreate, (interaction) => {
    const ids = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
    void deps.track(onInteraction(interaction)).catch(fail('interaction', ids));
  });
  client.on(Events.MessageCreate, (message) => {
    const ids = { messageId: message.id, channelId: message.channelId, guildId: message.guildId, userId: message.author.id };
    void deps.track(onMessage(message)).catch(fail('message', ids));
  });

  async function onInteraction(i: Interaction): Promise<void> {
    if (i.isChatInputCommand()) return runCommand(deps, commandCall(i, i.commandName, optionsOf(i.options.data, i)));
    if (i.isMessageContextMenuCommand() && i.commandName === ASK_MESSAGE_COMMAND) return askAboutMessage(i);
    if (i.isAutocomplete()) return autocomplete(i);
    if (i.isButton()) return runButton(deps, buttonClick(i));
  }

  function placeOf(channelId: string, guildId: string | null): Place {
    const channel = client.channels.cache.get(channelId);
    const parentId = channel?.isThread() ? channel.parentId : null;
    return { channelId, isDm: !guildId, ...(guildId ? { guildId } : {}), ...(parentId ? { parentId } : {}) };
  }

  function interactionBase(i: CommandInteraction | ButtonInteraction, command: string) {
    const place = placeOf(i.channelId, i.guildId);
    const roles = i.member?.roles;
    const roleIds = !roles ? [] : Array.isArray(roles) ? roles : [...roles.cache.keys()];
    const invoker = invokerFrom({ userId: i.user.id, place, permissions: i.memberPermissions?.bitfield ?? null, roleIds });
    const log = deps.log.child({ interactionId: i.id, guildId: i.guildId ?? undefined, userId: i.user.id, command });
    return { place, invoker, log };
  }

  function commandCall(i: CommandInteraction, name: string, options: Record<string, OptionValue>): CommandCall {
    return {
      ...interactionBase(i, name),
      name,
      options,
      reply: async (m, ephemeral) => void (await i.reply({ ...payload(m), ...flagsFor(ephemeral) })),
      defer: async (ephemeral) => void (await i.deferReply(flagsFor(ephemeral))),
      edit: async (m) => void (await i.editReply(payload(m))),
      followUp: async (m, ephemeral) => void (await i.followUp({ ...payload(m), ...flagsFor(ephemeral) })),
      deleteReply: async () => void (await i.deleteReply()),
      post: (channelId, m) => post(channelId, i.guildId, m),
    };
  }

  /**
   * "Ask footnote" on a message: /ask with that message's text, answered privately. Discord sends
   * the target message in full with the interaction, so this works without Message Content too.
   */
  async function askAboutMessage(i: MessageContextMenuCommandInteraction): Promise<void> {
    const text = stripBotMention(i.targetMessage.content, client.user?.id ?? '', i.guild?.members.me?.roles.botRole?.id);
    if (!/[\p{L}\p{N}]/u.test(text)) {
      const settings = await deps.policy.settings(i.guildId ?? undefined);
      return void (await i.reply({ ...payload(notice(noticeText(settings.language).emptyTarget)), ...flagsFor(true) }));
    }
    return runCommand(deps, commandCall(i, 'ask', { question: text, private: true }));
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
      followUp: async (m, ephemeral) => void (await i.followUp({ ...payload(m), ...flagsFor(ephemeral) })),
    };
  }

  /**
   * Options in our terms. A subcommand's name is `subcommand`; a channel carries what the
   * invoker and the bot may do there; an attachment becomes a bounded download.
   */
  function optionsOf(data: readonly CommandInteractionOption[], i: ChatInputCommandInteraction): Record<string, OptionValue> {
    const out: Record<string, OptionValue> = {};
    for (const o of data) {
      if (o.type === ApplicationCommandOptionType.Subcommand) out.subcommand = o.name;
      if (o.options) Object.assign(out, optionsOf(o.options, i));
      else if (o.attachment) out[o.name] = fileOf(o.attachment);
      else if (o.type === ApplicationCommandOptionType.Channel && typeof o.value === 'string') {
        const cached = i.guild?.channels.cache.get(o.value) as GuildBasedChannel | undefined;
        out[o.name] = commandChannel(o.value, resolvedPermissions(o.channel), cached);
      } else if (o.value !== undefined && o.value !== null) out[o.name] = o.value;
    }
    return out;
  }
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
