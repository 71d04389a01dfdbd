// The one CLI program: argv → a plain options object → the action passed in (spies here), the
// config validated once, one exit-code mapping for every command.
import { describe, expect, it, vi } from 'vitest';
import type { Actions, CommandContext } from '../src/cli/program.js';
import { createProgram } from '../src/cli/program.js';
import { COMMANDS, type CommandName } from '../src/cli/specs/index.js';
import { UserError } from '../src/domain/errors.js';
import { testEnv } from './helpers/app.js';
import { captureIO } from './helpers/cli.js';

const NAMES = Object.keys(COMMANDS) as CommandName[];

function spies(): Actions & Record<CommandName, ReturnType<typeof vi.fn>> {
  return Object.fromEntries(NAMES.map((n) => [n, vi.fn(async () => 'ok' as const)])) as never;
}

async function run(argv: string[], actions: Actions = spies(), env = testEnv()) {
  const c = captureIO(env);
  const code = await createProgram(actions).run(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

describe('parsing into options objects', () => {
  it.each([
    [['ask', 'Where', 'were', 'the', 'talks?'], 'ask', { kind: 'one', question: 'Where were the talks?', json: false }],
    [['ask', '--json', 'Who?'], 'ask', { kind: 'one', question: 'Who?', json: true }],
    [['ask', '--questions', 'q.jsonl'], 'ask', { kind: 'file', file: 'q.jsonl' }],
    [['summary', '--length', 'short', '--doc', 'budget'], 'summary', { length: 'short', doc: 'budget', json: false }],
    [['ingest'], 'ingest', {}],
    [['deploy-commands'], 'deploy-commands', {}],
    [['start'], 'start', {}],
    [
      ['eval', '-q', 'f.jsonl', '--min-fact-accuracy', '0.8', '--tag', 'a', '--tag', 'b', '--strict'],
      'eval',
      {
        kind: 'run',
        questions: 'f.jsonl',
        strict: true,
        tags: ['a', 'b'],
        judge: true,
        thresholds: [expect.objectContaining({ flag: 'min-fact-accuracy', metric: 'fact_accuracy', kind: 'min', value: 0.8 })],
      },
    ],
    [['eval', '--export-feedback', 'fb.jsonl'], 'eval', { kind: 'export-feedback', file: 'fb.jsonl' }],
    [
      ['soak', '--questions', '100', '--warmup', '10', '--json'],
      'soak',
      { questions: 100, warmup: 10, seed: 7, maxGrowth: 10, json: true },
    ],
    [
      ['burst', '--interactions', '20', '--users', '5', '--in-process'],
      'burst',
      { interactions: 20, users: 5, overMs: 3000, shards: 1, inProcess: true, cached: false, json: false },
    ],
    [['bench', '--quick', '--runs', '2'], 'bench', expect.objectContaining({ keep: false, check: false })],
  ] as const)('%j → %s', async (argv, name, options) => {
    const actions = spies();
    const r = await run([...argv], actions);
    expect(r.code, r.stderr).toBe(0);
    expect(actions[name]).toHaveBeenCalledTimes(1);
    expect(actions[name].mock.calls[0]![0]).toEqual(options);
    for (const other of NAMES.filter((n) => n !== name)) expect(actions[other]).not.toHaveBeenCalled();
  });

  it('bench takes its preset from --quick/--runs and resolves --out', async () => {
    const actions = spies();
    await run(['bench', '--quick', '--runs', '2', '--out', 'somewhere'], actions);
    const options = actions.bench.mock.calls[0]![0] as { preset: { name: string; runs: number }; out: string };
    expect(options.preset).toMatchObject({ name: 'quick-custom', runs: 2 });
    expect(options.out).toBe(`${process.cwd()}/somewhere`);
  });

  it('--corpus and --index reach the validated config, where the command takes them', async () => {
    const actions = spies();
    await run(['ask', '--corpus', '/tmp/c', '--index', '/tmp/i', 'hi'], actions);
    const ctx = actions.ask.mock.calls[0]![1] as CommandContext;
    expect(ctx.config).toMatchObject({ corpusDir: '/tmp/c', indexDir: '/tmp/i' });
    const required: Partial<Record<CommandName, string[]>> = { ask: ['hi'], eval: ['-q', 'q.jsonl'], article: ['add', 'story.md'] };
    for (const name of NAMES) {
      const spec = COMMANDS[name];
      const r = await run([name, '--corpus', '/tmp/c', ...(required[name] ?? [])]);
      expect(r.code, `${name} --corpus`).toBe(spec.dirs?.corpus ? 0 : 2);
      const i = await run([name, '--index', '/tmp/i', ...(required[name] ?? [])]);
      expect(i.code, `${name} --index`).toBe(spec.dirs?.index ? 0 : 2);
    }
  });
});

describe('usage', () => {
  it('every command has --help (exit 0, stdout) and is in the one usage text', async () => {
    const all = await run(['--help']);
    expect(all.code).toBe(0);
    for (const name of NAMES) {
      expect(all.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
      const r = await run([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: footnote ${name}\\b`));
      expect(r.stdout).toContain('-h, --help');
      expect(r.stdout).toContain('Exit codes:');
      expect((await run(['help', name])).stdout).toBe(r.stdout);
    }
  });

  it('no command: the usage on stderr, exit 2; an unknown one: named, exit 2', async () => {
    const none = await run([]);
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^Usage: footnote <command>/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});

describe('config validated once, before any action', () => {
  it('a bad LOG_LEVEL is exit 2, listed with the other bad keys; no action runs', async () => {
    const actions = spies();
    const r = await run(['ask', 'x'], actions, testEnv({ LOG_LEVEL: 'verbose', MAX_QUESTION_CHARS: 'lots' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid configuration:\n( {2}- .*\n)* {2}- LOG_LEVEL: /);
    expect(r.stderr).toMatch(/MAX_QUESTION_CHARS/);
    expect(r.stderr).not.toContain('verbose');
    expect(actions.ask).not.toHaveBeenCalled();
  });

  it('the action gets the config and a logger at its level, LOG_LEVEL unset → the command default', async () => {
    const actions = spies();
    await run(['ask', 'x'], actions, testEnv({ LOG_LEVEL: 'debug' }));
    expect((actions.ask.mock.calls[0]![1] as CommandContext).log.level).toBe('debug');
    await run(['ask', 'x'], actions, testEnv({ LOG_LEVEL: '' }));
    expect((actions.ask.mock.calls[1]![1] as CommandContext).log.level).toBe('warn');
    await run(['start'], actions, testEnv({ LOG_LEVEL: '', DISCORD_TOKEN: 'a-token-of-some-length' }));
    expect((actions.start.mock.calls[0]![1] as CommandContext).log.level).toBe('info');
  });
});

describe('one exit-code mapping', () => {
  const ending = (fn: () => Promise<unknown>) => ({ ...spies(), ask: vi.fn(fn) }) as unknown as Actions;
  it.each([
    ['ok', async (): Promise<unknown> => 'ok', 0],
    ['a failure outcome', async (): Promise<unknown> => 'failed', 1],
    ['a missed threshold', async (): Promise<unknown> => 'threshold-missed', 1],
    ['a UserError', async (): Promise<unknown> => Promise.reject(new UserError('no such paragraph')), 2],
    ['any other error', async (): Promise<unknown> => Promise.reject(new Error('disk on fire')), 1],
  ] as const)('%s → exit %s', async (_label, fn, code) => {
    const r = await run(['ask', 'x'], ending(fn));
    expect(r.code).toBe(code);
    if (code === 2) expect(r.stderr).toBe('no such paragraph\n');
    if (_label === 'any other error') expect(r.stderr).toBe('footnote ask: disk on fire\n');
  });

  it('scrubs the configured secrets from a failure message', async () => {
    const token = 'MTAxMDEwMTAxMDEwMTAxMDEw.GhIjKl.FAKEdiscordTOKENxyz0123456789abcdefgh';
    const r = await run(
      ['ask', 'x'],
      ending(async () => Promise.reject(new Error(`refused ${token}`))),
      testEnv({ DISCORD_TOKEN: token }),
    );
    expect(r).toMatchObject({ code: 1, stderr: 'footnote ask: refused [redacted]\n' });
  });
});
