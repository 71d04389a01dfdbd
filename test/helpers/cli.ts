import { PassThrough, Writable } from 'node:stream';
import { actions } from '../../src/cli/actions/index.js';
import type { CliIO } from '../../src/cli/io.js';
import { createProgram, type Actions } from '../../src/cli/program.js';
import { parseCommandArgs, type CommandSpec } from '../../src/cli/spec.js';
import { COMMANDS, type CommandName, type OptionsOf } from '../../src/cli/specs/index.js';

export interface CapturedIO {
  io: CliIO;
  stdout(): string;
  stderr(): string;
}

/** CliIO over buffers: nothing on stdin, no terminal. */
export function captureIO(env: Record<string, string | undefined>, overrides: Partial<CliIO> = {}): CapturedIO {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end();
  return {
    io: {
      stdin,
      stdout: sink((s) => (out += s)),
      stderr: sink((s) => (err += s)),
      stdinIsTTY: false,
      stderrIsTTY: false,
      env,
      ...overrides,
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/** `footnote ARGV` in this process with the real actions (or some replaced). */
export async function runProgram(
  argv: string[],
  env: Record<string, string | undefined>,
  replace: Partial<Actions> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIO(env);
  const code = await createProgram({ ...actions, ...replace } as Actions).run(argv, c.io);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

/** The options object `footnote NAME ARGV` hands to its action. */
export function parseCommand<K extends CommandName>(name: K, argv: string[]): OptionsOf<K> {
  const spec = COMMANDS[name] as CommandSpec<unknown>;
  return spec.parse(parseCommandArgs(spec, argv)) as OptionsOf<K>;
}
