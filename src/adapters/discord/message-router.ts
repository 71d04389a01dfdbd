/**
 * Messages (MESSAGE_CREATE) in discord.js terms → a MessageQuestion for the message flow. Only
 * messages that may be for the bot go on: a DM, a mention, a reply to one of its answers, or a
 * message in a thread it opened (the thread rule then decides).
 */
import { ChannelType, MessageType, ThreadAutoArchiveDuration, type Client, type Message } from 'discord.js';
import { HISTORY_FETCH, stripBotMention } from './conversation.js';
import { answerIdIn, customIdsIn } from './feedback-buttons.js';
import { runMessage } from './message-flow.js';
import { invokerFrom, type Place } from './permissions.js';
import type { Conversation, InPlace, MessageQuestion, RouterDeps } from './ports.js';
import type { OutgoingMessage } from './render.js';

export type Payload = (m: OutgoingMessage) => Parameters<Message['reply']>[0] & object;

export function messageHandler(client: Client, deps: RouterDeps, payload: Payload): (message: Message) => Promise<void> {
  let warnedEmptyContent = false;
  return async (message) => {
    const me = client.user;
    if (!me || message.author.bot || message.webhookId || message.system) return;
    if (message.type !== MessageType.Default && message.type !== MessageType.Reply) return;
    const channel = message.channel;
    const isDm = !message.inGuild();
    const ownThread = channel.isThread() && channel.ownerId === me.id;
    const botRoleId = message.guild?.members.me?.roles.botRole?.id;
    // Mentions written in the text: a reply also "mentions" the author it pings, which says
    // nothing about whom the text is for.
    const written = message.mentions.parsedUsers;
    const mentioned = written.has(me.id) || (botRoleId !== undefined && message.mentions.roles.has(botRoleId));
    // A reply counts only when it replies to one of the bot's answers: replies to its notices
    // ("you can ask again in 30 s") or to other people are not questions for it. The replied-to
    // message comes with the event (cached), so this is rarely a request.
    const isReply = message.reference?.messageId !== undefined;
    const replied = isReply && message.mentions.repliedUser?.id === me.id ? await message.fetchReference().catch(() => null) : null;
    const repliedAnswerId = replied ? answerIdIn(customIdsIn(replied.components.map((c) => c.toJSON()))) : undefined;
    const repliesToAnswer = repliedAnswerId !== undefined;
    const kind = isDm ? 'dm' : ownThread ? 'thread' : repliesToAnswer ? 'reply' : mentioned ? 'mention' : null;
    if (!kind) return;
    if (!message.content && message.attachments.size === 0 && deps.messageContent() && !warnedEmptyContent) {
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
    const inPlace: InPlace = {
      send: async (m) => void (await message.reply(payload(m))),
      typing: here.typing,
      notice: async (m) => {
        const sent = await message.reply(payload(m));
        deps.transients.schedule(() => sent.delete());
      },
    };
    const mentionsOthers = written.some((u) => u.id !== me.id) || message.mentions.roles.some((r) => r.id !== botRoleId);
    const question: MessageQuestion = {
      kind,
      botId: me.id,
      place,
      text: stripBotMention(message.content, me.id, botRoleId),
      mentioned,
      repliesToAnswer,
      repliesToOther: isReply && !repliesToAnswer,
      mentionsOthers,
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
      ...(repliedAnswerId ? { repliedAnswerId } : {}),
      inPlace: () => inPlace,
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
  };
}
