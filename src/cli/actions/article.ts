import { addArticle } from '../../article/add.js';
import { createPageFetcher } from '../../article/fetch.js';
import { plural } from '../../text/plural.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { ArticleArgs } from '../specs/article.js';

const preview = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export async function article(args: ArticleArgs, { config, io }: CommandContext): Promise<Outcome> {
  const added = await addArticle(args.source, config.corpusDir, {
    fetchPage: createPageFetcher(),
    ...(args.title ? { title: args.title } : {}),
  });
  io.stdout.write(
    `${added.written ? 'Wrote' : 'Already there:'} ${added.file}\n` +
      `"${added.title}": ${plural(added.paragraphs, 'paragraph')}, cited as ${added.id}\n` +
      `¶1 ${preview(added.firstParagraph)}\n`,
  );
  return 'ok';
}
