import { parseArgs } from 'node:util';
import { createApp } from '../compose/bootstrap.js';
import { ConfigError, type ConfigOverrides } from '../compose/config.js';
import { UserError, isUserError } from '../domain/errors.js';
import { createLogger, scrubSecrets, secretsOf } from '../compose/log.js';
import { renderSummaryText } from '../adapters/shell/render.js';
import { askOne, askQuestionsFile } from './ask.js';
import { ingest } from './ingest.js';
import { EXIT, type CliIO } from './io.js';

export const USAGE = `Usage: footnote <command> [options]

Commands:
  ask [--json] "question"             answer one question, with citations
  ask --json --questions FILE.jsonl   answer one {"id","question"} per line; prints JSONL
  ingest                              (re)build the index from the corpus
  summary [--length short|medium|long] [--doc ID] [--json]
  eval --questions FILE [...]         run a question set (see README)

Common options:
  --corpus DIR    corpus folder (default: CORPUS_DIR or ./corpus)
  --index DIR     index folder (default: INDEX_DIR or ./data/index)

Exit codes: 0 ok, 1 failure, 2 usage or input error.`;

const COMMON = { corpus: { type: 'string' }, index: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse<T extends OptionSpec>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...COMMON, ...options } as typeof COMMON & T, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function overridesOf(values: { corpus?: unknown; index?: unknown }): ConfigOverrides {
  return {
    ...(typeof values.corpus === 'string' ? { corpusDir: values.corpus } : {}),
    ...(typeof values.index === 'string' ? { indexDir: values.index } : {}),
  };
}

/** The CLI: parse → act → exit code. Nothing here calls process.exit. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  const log = createLogger(io.env.LOG_LEVEL || 'warn', undefined, secretsOf(io.env));
  try {
    switch (command) {
      case 'ask': {
        const { values, positionals } = parse(rest, { json: { type: 'boolean' }, questions: { type: 'string' } });
        if (values.help) return usage(io, EXIT.ok);
        const app = await createApp(io.env, overridesOf(values), log);
        if (typeof values.questions === 'string') {
          if (positionals.length) throw new UserError('Give either --questions FILE or a question, not both.');
          return await askQuestionsFile(app.footnote, values.questions, io);
        }
        if (positionals.length === 0) throw new UserError(`Ask a question: the text is empty.\n\n${USAGE}`);
        return await askOne(app.footnote, positionals.join(' '), values.json === true, io);
      }
      case 'ingest': {
        const { values, positionals } = parse(rest, {});
        if (values.help) return usage(io, EXIT.ok);
        if (positionals.length) throw new UserError(`ingest takes no arguments.\n\n${USAGE}`);
        return await ingest(overridesOf(values), io, log);
      }
      case 'summary': {
        const { values } = parse(rest, { length: { type: 'string' }, doc: { type: 'string' }, json: { type: 'boolean' } });
        if (values.help) return usage(io, EXIT.ok);
        const length = values.length ?? 'medium';
        if (!['short', 'medium', 'long'].includes(String(length))) throw new UserError('--length must be short, medium or long.');
        const app = await createApp(io.env, overridesOf(values), log);
        const summary = await app.footnote.summarize({
          length: length as 'short' | 'medium' | 'long',
          ...(typeof values.doc === 'string' ? { doc: values.doc } : {}),
        });
        io.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${renderSummaryText(summary)}\n`);
        return EXIT.ok;
      }
      case 'eval': {
        const { runEval } = await import('./eval.js');
        return await runEval(rest, io, log);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        return usage(io, command === undefined ? EXIT.usage : EXIT.ok);
      default:
        throw new UserError(`Unknown command "${command}".\n\n${USAGE}`);
    }
  } catch (error) {
    if (isUserError(error) || error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return error instanceof UserError ? error.exitCode : EXIT.usage;
    }
    const secrets = secretsOf(io.env);
    log.error({ err: error }, 'command failed');
    io.stderr.write(`footnote: ${scrubSecrets(error instanceof Error ? error.message : String(error), secrets)}\n`);
    return EXIT.failure;
  }
}

function usage(io: CliIO, code: number): number {
  (code === EXIT.ok ? io.stdout : io.stderr).write(`${USAGE}\n`);
  return code;
}
