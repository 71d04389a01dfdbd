import path from 'node:path';
import { embeddingsSettingsOf } from '../../compose/config.js';
import { PACKAGE_ROOT } from '../../compose/paths.js';
import { createEmbeddings } from '../../embeddings/factory.js';
import { renderQuality, runQuality } from '../../eval/quality/run.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { QualityOptions } from '../specs/quality.js';

/** `quality`: the README's quality table, from the benchmarks in the repository. */
export async function quality(_options: QualityOptions, { config, log, io }: CommandContext): Promise<Outcome> {
  // Local word vectors whatever EMBEDDINGS_PROVIDER says: the shipped parameters were fitted with them.
  const embeddings = await createEmbeddings({ cacheDir: embeddingsSettingsOf(config).cacheDir }, log);
  const rows = await runQuality(path.join(PACKAGE_ROOT, 'bench', 'quality'), embeddings, (line) => io.stderr.write(`${line}\n`));
  io.stdout.write(`${renderQuality(rows)}\n`);
  return 'ok';
}
