import type { Command } from './types.js';

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
      const about = docs.length === 1 ? `“${docs[0]!.title}”` : `${docs.length} documents`;
      const { questions, seconds } = ctx.config.discord.cooldown;
      const answers =
        info.mode === 'llm'
          ? `written by ${info.model} from the retrieved paragraphs, with citations checked against them`
          : 'quoted sentences from the article (no language model configured)';
      const text = [
        `footnote answers questions about ${about} and cites the paragraphs that support each answer, e.g. [¶3] with the quoted sentence.`,
        '',
        'Commands:',
        ...commands,
        ctx.surface === 'discord'
          ? '  @mention me with a question: I answer in a thread, and follow-ups there need no mention.'
          : '  Type a question on its own to ask it; /quit leaves.',
        '',
        'Limits:',
        `  • I only know the text of the article${docs.length === 1 ? '' : 's'}; anything else gets “The article doesn't say”, with related paragraphs.`,
        `  • Questions up to ${ctx.config.maxQuestionChars} characters; ${questions} questions per ${seconds} s per person in Discord.`,
        `  • Answers are ${answers}.`,
      ];
      return { kind: 'text', text: text.join('\n'), ephemeral: true };
    },
  };
}
