/**
 * Every subcommand of `footnote`, in the order the usage text lists them. To add one: write
 * specs/NAME.ts (help + parser → options object) and actions/NAME.ts (the work), then add it
 * here and in actions/index.ts. The README's command table is checked against this list.
 */
import { article } from './article.js';
import { ask } from './ask.js';
import { bench } from './bench.js';
import { benchStore } from './bench-store.js';
import { benchArticles } from './bench-articles.js';
import { burst } from './burst.js';
import { deployCommands } from './deploy-commands.js';
import { evalSpec } from './eval.js';
import { feedback } from './feedback.js';
import { fit } from './fit.js';
import { importSquad } from './import-squad.js';
import { ingest } from './ingest.js';
import { quality } from './quality.js';
import { soak } from './soak.js';
import { start } from './start.js';
import { summary } from './summary.js';

export const COMMANDS = {
  start,
  ask,
  summary,
  ingest,
  article,
  eval: evalSpec,
  feedback,
  quality,
  fit,
  'import-squad': importSquad,
  bench,
  'bench-store': benchStore,
  'bench-articles': benchArticles,
  soak,
  burst,
  'deploy-commands': deployCommands,
} as const;

export type CommandName = keyof typeof COMMANDS;
export type OptionsOf<K extends CommandName> = (typeof COMMANDS)[K] extends { parse(args: never): infer O } ? O : never;
