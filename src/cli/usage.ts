import { COMMANDS, type CommandName } from './specs/index.js';
import { optionsOf, synopsisOf, type CommandSpec } from './spec.js';

export const EXIT_CODES_TEXT =
  'Exit codes: 0 ok; 1 a failure, or a threshold missed (eval, bench --check, soak, burst); 2 a usage, input or settings error.';

const specs = (): CommandSpec<unknown>[] => Object.values(COMMANDS) as CommandSpec<unknown>[];
const withDir = (dir: 'corpus' | 'index') =>
  specs()
    .filter((s) => s.dirs?.[dir])
    .map((s) => s.name);

/** The program's usage: every command in one table, then what they share. */
export function programUsage(): string {
  const width = Math.max(...specs().map((s) => s.name.length)) + 2;
  return [
    'Usage: footnote <command> [options]',
    '',
    'Commands:',
    ...specs().map((s) => `  ${s.name.padEnd(width)}${s.summary}`),
    '',
    `--corpus DIR works with: ${withDir('corpus').join(', ')}.`,
    `--index DIR works with: ${withDir('index').join(', ')}.`,
    'They override CORPUS_DIR and INDEX_DIR; every other setting comes from the environment or .env.',
    'Run `footnote <command> --help` for its options.',
    '',
    EXIT_CODES_TEXT,
  ].join('\n');
}

/** One command's help, from the same spec its parser uses. */
export function commandUsage(name: CommandName): string {
  const spec = COMMANDS[name] as CommandSpec<unknown>;
  const options = Object.entries(optionsOf(spec)).map(([flag, o]) => ({
    left: `${o.short ? `-${o.short}, ` : '    '}--${flag}${o.value ? ` ${o.value}` : ''}`,
    help: o.help,
  }));
  const width = Math.max(...options.map((o) => o.left.length)) + 2;
  return [
    synopsisOf(spec),
    '',
    `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
    '',
    'Options:',
    ...options.map((o) => `  ${o.left.padEnd(width)}${o.help}`),
    ...(spec.details ? ['', spec.details] : []),
    ...(spec.details?.includes('Exit codes') ? [] : ['', EXIT_CODES_TEXT]),
  ].join('\n');
}
