// The README's command table is true: every row is a command of the program, with the options
// it shows, the npm script it names and the --corpus/--index columns its spec declares.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsOf, type CommandSpec } from '../src/cli/spec.js';
import { COMMANDS, type CommandName } from '../src/cli/specs/index.js';
import { REPO, testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('### `ask --json` output'));
const rows = section
  .split('\n')
  .filter((l) => l.startsWith('| `footnote '))
  .map((l) => {
    const cells = l
      .replace(/\\\|/g, '¦')
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    return { usage: cells[0]!.replace(/`/g, ''), script: cells[1]!.replace(/`/g, ''), corpus: cells[3], index: cells[4] };
  });

describe('README command table', () => {
  it('lists every command, and only commands that exist', () => {
    const named = rows.map((r) => r.usage.split(' ')[1]);
    expect(new Set(named)).toEqual(new Set(Object.keys(COMMANDS)));
  });

  it.each(rows.map((r) => [r.usage, r] as const))('%s: options, npm script, --corpus/--index columns, --help', async (_u, row) => {
    const name = row.usage.split(' ')[1] as CommandName;
    const spec = COMMANDS[name] as CommandSpec<unknown>;
    for (const flag of row.usage.match(/--[a-z-]+/g) ?? []) expect(Object.keys(optionsOf(spec)), flag).toContain(flag.slice(2));
    const script = row.script.replace(/^npm (run )?/, '');
    expect(scripts[script], row.script).toBe(name === 'start' ? 'node dist/main.js' : `node dist/cli.js ${name}`);
    expect(row.corpus).toBe(spec.dirs?.corpus ? 'yes' : 'no');
    expect(row.index).toBe(spec.dirs?.index ? 'yes' : 'no');
    const help = await runProgram([name, '--help'], testEnv());
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: footnote ${name}`);
  });
});

describe('README usage', () => {
  it('shows `footnote --help` exactly as the program prints it', async () => {
    const help = await runProgram(['--help'], testEnv());
    // After adding a command: paste `npm run build && node dist/cli.js --help` into the block.
    expect(section, 'README "Command line": the `footnote --help` block is stale').toContain(`$ footnote --help\n${help.stdout}`);
  });
});
