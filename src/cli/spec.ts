import { parseArgs } from 'node:util';
import type { Config } from '../compose/config.js';
import { UserError } from '../domain/errors.js';

export type LogLevel = NonNullable<Config['logLevel']>;

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in the help: `--out DIR`. */
  value?: string;
  help: string;
}

/** What every command's parser sees: node's parseArgs result. */
export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/**
 * One subcommand of `footnote`: its help and its parser. Parsing turns argv into a plain
 * options object (throwing UserError on bad input); the program then hands that object to the
 * command's action. Nothing here does the work, so the whole table is cheap to import.
 */
export interface CommandSpec<Options> {
  name: string;
  /** One line for the command table. */
  summary: string;
  /** Usage lines without the leading `footnote NAME`. */
  synopsis: string[];
  /** Extra help under the options (exit codes, notes). */
  details?: string;
  options: Record<string, OptionSpec>;
  /** Accepts `--corpus DIR` / `--index DIR` (they override CORPUS_DIR / INDEX_DIR); neither when absent. */
  dirs?: { corpus?: true; index?: true };
  /** Log level when LOG_LEVEL is not set (`warn` when absent): the CLI is quiet, a bot says what it does. */
  defaultLogLevel?: LogLevel | ((config: Config) => LogLevel);
  parse(args: ParsedArgs): Options;
}

export const DIR_OPTIONS = {
  corpus: { type: 'string', value: 'DIR', help: 'corpus folder (default: CORPUS_DIR or ./corpus)' },
  index: { type: 'string', value: 'DIR', help: 'index folder (default: INDEX_DIR or DATA_DIR/index)' },
} as const satisfies Record<string, OptionSpec>;

export const HELP_OPTION = { type: 'boolean', short: 'h', help: 'show this help' } as const satisfies OptionSpec;

/** Every option a command accepts, --corpus/--index and --help included. */
export function optionsOf(spec: CommandSpec<unknown>): Record<string, OptionSpec> {
  return {
    ...spec.options,
    ...(spec.dirs?.corpus ? { corpus: DIR_OPTIONS.corpus } : {}),
    ...(spec.dirs?.index ? { index: DIR_OPTIONS.index } : {}),
    help: HELP_OPTION,
  };
}

/** `Usage: footnote NAME ...` lines of a command. */
export function synopsisOf(spec: CommandSpec<unknown>): string {
  return spec.synopsis.map((line, i) => `${i === 0 ? 'Usage:' : '      '} footnote ${spec.name}${line ? ` ${line}` : ''}`).join('\n');
}

/** Runs node's parser with the command's options; a parse error is a UserError naming the command. */
export function parseCommandArgs(spec: CommandSpec<unknown>, argv: string[]): ParsedArgs {
  const options = Object.fromEntries(
    Object.entries(optionsOf(spec)).map(([name, o]) => [
      name,
      { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UserError(
      `${parseErrorText(error as Error & { code?: string }, spec.name)}\n${synopsisOf(spec)}\nRun \`footnote ${spec.name} --help\` for its options.`,
    );
  }
}

/**
 * Node's wording, but for an unknown option, whose hint about `--` opens a quote it never closes
 * ("as in '-- "--x"") and suits a command taking text more than one taking a question.
 */
function parseErrorText(error: Error & { code?: string }, command: string): string {
  const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec(error.message)?.[1] : undefined;
  if (!unknown) return error.message;
  return `Unknown option ${unknown}. Text that starts with "-" goes after "--": footnote ${command} -- "${unknown} …".`;
}

/** Helpers for parsers. */
export const arg = {
  string(args: ParsedArgs, name: string): string | undefined {
    const v = args.values[name];
    return typeof v === 'string' ? v : undefined;
  },
  flag(args: ParsedArgs, name: string): boolean {
    return args.values[name] === true;
  },
  list(args: ParsedArgs, name: string): string[] {
    const v = args.values[name];
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  },
  /** A whole number in [min, max], or the default when the option is absent. */
  int(args: ParsedArgs, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
    const raw = arg.string(args, name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new UserError(
        `--${name} expects a whole number${max < Number.MAX_SAFE_INTEGER ? ` from ${min} to ${max}` : ` ≥ ${min}`}, got "${raw}"`,
      );
    }
    return n;
  },
  noPositionals(args: ParsedArgs, command: string): void {
    if (args.positionals.length) throw new UserError(`${command} takes no positional arguments (got "${args.positionals[0]}").`);
  },
};
