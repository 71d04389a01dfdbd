import { renderSummaryText } from '../../adapters/shell/render.js';
import { buildApp } from '../../compose/bootstrap.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { SummaryOptions } from '../specs/summary.js';

export async function summary(options: SummaryOptions, { config, log, io, progress }: CommandContext): Promise<Outcome> {
  const { footnote } = await buildApp(config, log, { progress });
  const result = await footnote.summarize({ length: options.length, ...(options.doc === undefined ? {} : { doc: options.doc }) });
  io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${renderSummaryText(result, footnote.documents().length > 1)}\n`);
  return 'ok';
}
