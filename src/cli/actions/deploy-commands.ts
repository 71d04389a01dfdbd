import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { DeployOptions } from '../specs/deploy-commands.js';

export async function deployCommands(_options: DeployOptions, { config, io }: CommandContext): Promise<Outcome> {
  const { deployCommands: deploy } = await import('../../adapters/discord/deploy.js');
  return deploy(config.discord, io, { maxQuestionChars: config.maxQuestionChars });
}
