import { runSoak, type SoakArgs } from '../../bench/soak.js';
import { buildApp } from '../../compose/bootstrap.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';

export async function soak(args: SoakArgs, { config, log, io, progress }: CommandContext): Promise<Outcome> {
  return (await runSoak(args, await buildApp(config, log, { progress }), io.stdout)) ? 'ok' : 'failed';
}
