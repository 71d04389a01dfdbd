import { runBenchCommand, type BenchArgs } from '../../bench/command.js';
import { PACKAGE_ROOT } from '../../compose/paths.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';

export async function bench(args: BenchArgs, { config, io }: CommandContext): Promise<Outcome> {
  return runBenchCommand(args, {
    // The word vectors are shared with the app: converting them again would take ~15 s.
    dirs: { repo: PACKAGE_ROOT, cacheDir: config.cacheDir, inherit: { PATH: io.env.PATH, HOME: io.env.HOME } },
    stdout: io.stdout,
    stderr: io.stderr,
  });
}
