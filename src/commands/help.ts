import { ASK_MESSAGE_COMMAND } from './ask.js';
import { settingsOf } from './settings.js';
import type { Command } from './types.js';
import type { ThreadMode } from '../storage/guild-settings.js';

const threadRule = (mode: ThreadMode) =>
  mode === 'mentions'
    ? 'In that thread, mention me or reply to my answer to ask a follow-up.'
    : mode === 'all'
      ? 'In that thread I answer every message.'
      : 'In that thread I answer questions (and mentions and replies to my answers); other chat is left alone.';

/** Discord usage from the definition itself, e.g. "/source paragraph [doc]" (the shell's reads "/source N [doc]"). */
function slashUsage(c: Command): string {
  const options = (c.definition.options ?? []).map((o) => ('required' in o && o.required ? o.name : `[${o.name}]`));
  return [`/${c.definition.name}`, ...options].join(' ');
}

/** The help text lists whatever commands exist; it is given the list to avoid an import cycle. */
export function createHelpCommand(list: () => Command[]): Command {
  return {
    definition: { name: 'help', description: 'What footnote does, its commands and its limits.' },
    usage: '/help',
    shell: true,
    ephemeral: () => true,
    async handle(ctx) {
      const info = ctx.footnote.info();
      const docs = ctx.footnote.documents();
      const commands = list()
        .filter((c) => ctx.surface === 'discord' || c.shell)
        .map((c) => `  ${ctx.surface === 'discord' ? slashUsage(c) : c.usage} — ${c.definition.description}`);
      const discord = ctx.surface === 'discord';
      const settings = settingsOf(ctx);
      const contentIntent = ctx.messageContent !== false;
      const text = [
        `footnote answers questions about ${docs.length === 1 ? `“${docs[0]!.title}”` : `${docs.length} documents`} and cites the paragraphs that support each answer, e.g. [¶3] with the quoted sentence.`,
        '',
        'Commands:',
        ...commands,
        ...(discord
          ? [
              `  Right-click a message → Apps → “${ASK_MESSAGE_COMMAND}”: I answer that message, privately.`,
              `  @mention me with a question: I answer in a thread. ${threadRule(contentIntent ? settings.threadMode : 'mentions')}`,
            ]
          : ['  Type a question on its own to ask it; /quit leaves.']),
        '',
        'Limits in force here:',
        `  • I only know the text of the article${docs.length === 1 ? '' : 's'}; anything else gets “The article doesn't say”, with related paragraphs.`,
        `  • Questions up to ${ctx.config.maxQuestionChars} characters.`,
        ...(discord
          ? [
              `  • ${settings.cooldown.questions} question${settings.cooldown.questions === 1 ? '' : 's'} per ${settings.cooldown.seconds} s per person.`,
              `  • ${settings.allowedChannelIds.length ? `I answer in ${settings.allowedChannelIds.length} channel${settings.allowedChannelIds.length === 1 ? '' : 's'} of this server (and their threads)` : 'I answer in every channel I can read'}.`,
              ...(contentIntent
                ? []
                : ['  • Slash-and-mention mode: I cannot read messages that do not mention me (no Message Content intent).']),
            ]
          : []),
        `  • Answers are ${info.mode === 'llm' ? `written by ${info.model} from the retrieved paragraphs, with citations checked against them` : 'quoted sentences from the article (no language model configured)'}.`,
      ];
      return { kind: 'text', text: text.join('\n'), ephemeral: true };
    },
  };
}
