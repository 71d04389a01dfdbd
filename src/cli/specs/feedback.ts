import { arg, type CommandSpec } from '../spec.js';

export interface FeedbackOptions {
  /** The database file, or the DATA_DIR holding it; default DATA_DIR. */
  from?: string;
  json: boolean;
  /** Rows per table. */
  top: number;
}

export const feedback: CommandSpec<FeedbackOptions> = {
  name: 'feedback',
  summary: "the bot's 👍/👎 votes: counts and helpful rates by paragraph and by question",
  synopsis: ['[--db FILE|DIR] [--top N] [--json]'],
  details: [
    'Reads the bot’s database (DATA_DIR/footnote.db) and lists the paragraphs and questions with the most 👎 first.',
    'A vote counts once for each paragraph its answer cited. Exit codes: 0 done, 2 no database or bad arguments.',
  ].join('\n'),
  options: {
    db: { type: 'string', value: 'FILE|DIR', help: 'the database, or the folder holding footnote.db (default: DATA_DIR)' },
    top: { type: 'string', value: 'N', help: 'rows per table (default 20)' },
    json: { type: 'boolean', help: 'print the whole summary as JSON' },
  },
  parse(args) {
    arg.noPositionals(args, 'feedback');
    const from = arg.string(args, 'db');
    return { ...(from === undefined ? {} : { from }), json: arg.flag(args, 'json'), top: arg.int(args, 'top', 20, 1, 10_000) };
  },
};
