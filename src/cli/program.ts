import { loadConfig, type Config } from '../compose/config.js';
import { loggerFromConfig, scrubSecrets, secretsOfConfig, type Logger } from '../compose/log.js';
import { UserError } from '../domain/errors.js';
import { EXIT, exitCodeOf, type ExitCode, type Outcome } from './exit.js';
import type { Progress } from '../domain/progress.js';
import type { CliIO } from './io.js';
import { stderrProgress } from './progress.js';
import { parseCommandArgs, type CommandSpec } from './spec.js';
import { COMMANDS, type CommandName, type OptionsOf } from './specs/index.js';
import { commandUsage, programUsage } from './usage.js';

/** What every action gets besides its options: the config validated once, a logger built from it, the streams. */
export interface CommandContext {
  config: Config;
  log: Logger;
  io: CliIO;
  /** Long first-start steps on stderr: a bar on a terminal, plain lines otherwise. */
  progress: Progress;
}

export type Action<Options> = (options: Options, ctx: CommandContext) => Promise<Outcome>;

/** One action per command; the entry file passes the real ones, tests pass spies. */
export type Actions = { [K in CommandName]: Action<OptionsOf<K>> };

export interface Program {
  /** Parses argv, validates the config, runs the command's action; returns the exit code (never exits). */
  run(argv: string[], io: CliIO): Promise<ExitCode>;
}

const isCommand = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/**
 * `footnote <command> [options]`: argv → the command's options object → its action, with the
 * config validated once (a bad setting is exit 2, every bad key listed) and a logger built from
 * it. Every command ends through the same exit-code mapping (exit.ts).
 */
export function createProgram(actions: Actions): Program {
  return {
    async run(argv, io) {
      const [name, ...rest] = argv;
      let config: Config | undefined;
      let log: Logger | undefined;
      try {
        if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
          const topic = name === 'help' ? rest[0] : undefined;
          if (topic !== undefined && !isCommand(topic)) throw new UserError(`Unknown command "${topic}".\n\n${programUsage()}`);
          (name === undefined ? io.stderr : io.stdout).write(`${topic ? commandUsage(topic) : programUsage()}\n`);
          return name === undefined ? EXIT.usage : EXIT.ok;
        }
        if (!isCommand(name)) throw new UserError(`Unknown command "${name}".\n\n${programUsage()}`);
        const spec = COMMANDS[name] as CommandSpec<unknown>;
        const args = parseCommandArgs(spec, rest);
        if (args.values.help === true) {
          io.stdout.write(`${commandUsage(name)}\n`);
          return EXIT.ok;
        }
        const options = spec.parse(args);
        config = loadConfig(io.env, {
          ...(typeof args.values.corpus === 'string' ? { corpusDir: args.values.corpus } : {}),
          ...(typeof args.values.index === 'string' ? { indexDir: args.values.index } : {}),
        });
        const fallback = typeof spec.defaultLogLevel === 'function' ? spec.defaultLogLevel(config) : (spec.defaultLogLevel ?? 'warn');
        // Logs go to the command's stderr (never stdout: it may be `--json`), secrets scrubbed.
        log = loggerFromConfig(config, fallback, io.stderr);
        const action = actions[name] as Action<unknown>;
        const progress = stderrProgress(io.stderr, io.stderrIsTTY);
        return exitCodeOf({ outcome: await action(options, { config, log, io, progress }) });
      } catch (error) {
        const code = exitCodeOf({ error });
        if (code === EXIT.usage) {
          io.stderr.write(`${(error as Error).message}\n`);
          return code;
        }
        log?.error({ err: error }, 'command failed');
        const message = error instanceof Error ? error.message : String(error);
        io.stderr.write(
          `footnote${name && isCommand(name) ? ` ${name}` : ''}: ${scrubSecrets(message, config ? secretsOfConfig(config) : [])}\n`,
        );
        return code;
      }
    },
  };
}
