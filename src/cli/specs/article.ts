import { UserError } from '../../domain/errors.js';
import { arg, type CommandSpec } from '../spec.js';

export interface ArticleArgs {
  action: 'add';
  /** A file path or an https:// link. */
  source: string;
  title?: string;
}

export const article: CommandSpec<ArticleArgs> = {
  name: 'article',
  summary: 'add a web page or an .html/.txt/.md file to the corpus as a cleaned Markdown document',
  synopsis: ['add FILE|URL [--title TEXT] [--corpus DIR]'],
  details: [
    'Reads the page or file as the bot reads uploads (README "Articles from web pages and uploads") and writes',
    'DIR/<title-slug>.md: front matter, # Title, one paragraph per blank-line block. Links must be https://;',
    'private, loopback and link-local addresses are refused. Exit codes: 0 written (or already there), 2 refused or bad input.',
  ].join('\n'),
  options: {
    title: { type: 'string', value: 'TEXT', help: 'the title to use instead of the one found in the text' },
  },
  dirs: { corpus: true },
  parse(args) {
    const [action, source, ...extra] = args.positionals;
    if (action !== 'add') throw new UserError(`article: the only action is "add" (footnote article add FILE|URL).`);
    if (!source) throw new UserError('article add: name a file or an https:// link.');
    if (extra.length) throw new UserError(`article add takes one file or link (got also "${extra[0]}").`);
    const title = arg.string(args, 'title');
    return { action, source, ...(title ? { title } : {}) };
  },
};
