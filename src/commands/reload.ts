import { InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { UserError } from '../domain/errors.js';
import type { CorpusDocument } from '../domain/types.js';
import { plural } from '../text/plural.js';
import type { Command } from './types.js';

/**
 * What changed between two versions of the corpus, one line per document: added, removed, or
 * its paragraph count and which paragraphs' text changed (the numbers people cite).
 */
export function describeCorpusChange(before: readonly CorpusDocument[], after: readonly CorpusDocument[]): string[] {
  const old = new Map(before.map((d) => [d.id, d]));
  const lines: string[] = [];
  for (const doc of after) {
    const previous = old.get(doc.id);
    old.delete(doc.id);
    if (!previous) {
      lines.push(`${doc.id}: added (${plural(doc.paragraphs.length, 'paragraph')})`);
      continue;
    }
    const edited = doc.paragraphs
      .filter((p, i) => previous.paragraphs[i] !== undefined && previous.paragraphs[i]!.text !== p.text)
      .map((p) => `¶${p.n}`);
    const count =
      previous.paragraphs.length === doc.paragraphs.length
        ? ''
        : `${previous.paragraphs.length} → ${plural(doc.paragraphs.length, 'paragraph')}`;
    const parts = [count, edited.length ? `${shortList(edited)} changed` : '', previous.title === doc.title ? '' : 'new title'].filter(
      Boolean,
    );
    if (parts.length) lines.push(`${doc.id}: ${parts.join('; ')}`);
  }
  for (const id of old.keys()) lines.push(`${id}: removed`);
  return lines;
}

const shortList = (items: string[], max = 8) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;

/** `/reload`: re-reads the corpus now (server managers only) and says what changed. */
export const reloadCommand: Command = {
  definition: {
    name: 'reload',
    description: 'Re-read the article files and rebuild the index if they changed (Manage Server).',
    // Hidden from members without Manage Server by default; checked again in the handler,
    // because server admins can override who sees a command.
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [InteractionContextType.Guild],
  },
  usage: '/reload',
  shell: true,
  ephemeral: () => true,
  // A rebuild embeds the whole corpus: rate-limited like an answer.
  costly: true,
  async handle(ctx) {
    if (!ctx.invoker.canManageGuild) throw new UserError('Reloading the article needs the Manage Server permission.');
    const before = ctx.footnote.documents();
    const started = performance.now();
    const result = await ctx.footnote.reload();
    const ms = Math.round(performance.now() - started);
    const after = ctx.footnote.documents();
    const { counts } = ctx.footnote.info();
    const size = `${plural(counts.documents, 'document')}, ${plural(counts.paragraphs, 'paragraph')}`;
    ctx.log.info(
      { userId: ctx.invoker.userId, guildId: ctx.invoker.guildId, changed: result.changed, rebuilt: result.rebuilt, ms },
      'corpus reload',
    );
    const changes = describeCorpusChange(before, after);
    if (!result.changed && changes.length === 0)
      return { kind: 'text', text: `The article files are unchanged (${size}); nothing to reload.`, ephemeral: true };
    // Unchanged yet different: the corpus watcher reloaded it while this command waited.
    const how = !result.changed
      ? 'already reloaded automatically'
      : result.rebuilt
        ? `index rebuilt in ${ms} ms`
        : 'index loaded from disk';
    const text = [
      `Reloaded the article: ${size}, ${how}.`,
      ...(changes.length ? changes.map((l) => `• ${l}`) : ['• no paragraph text changed']),
    ].join('\n');
    return { kind: 'text', text, ephemeral: true };
  },
};
