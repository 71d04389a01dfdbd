import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { embeddingsSettingsOf } from '../../compose/config.js';
import { COMPILED, PACKAGE_ROOT } from '../../compose/paths.js';
import { createEmbeddings } from '../../embeddings/factory.js';
import { DEFAULT_FIT } from '../../eval/fit/optimize.js';
import { runFit } from '../../eval/fit/run.js';
import { fittedParams } from '../../params/fitted.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { FitCommandOptions } from '../specs/fit.js';

/** `fit`: refits the parameters on bench/quality and writes them with the fit report. */
export async function fit(options: FitCommandOptions, { config, log, io }: CommandContext): Promise<Outcome> {
  const embeddings = await createEmbeddings({ cacheDir: embeddingsSettingsOf(config).cacheDir }, log);
  const result = await runFit({
    repo: PACKAGE_ROOT,
    benchmarksDir: path.join(PACKAGE_ROOT, 'bench', 'quality'),
    embeddings,
    ...(options.quick ? { quick: shippedSettings() } : {}),
    progress: (line) => io.stderr.write(`${line}\n`),
  });
  const json = `${JSON.stringify(result.params, null, 2)}\n`;
  await writeFile(path.join(PACKAGE_ROOT, 'src', 'params', 'fitted.json'), json);
  // The compiled program reads its copy in dist/: keep it in step without a rebuild.
  if (COMPILED) await writeFile(path.join(PACKAGE_ROOT, 'dist', 'params', 'fitted.json'), json);
  await writeFile(path.join(PACKAGE_ROOT, 'bench', 'quality', 'fit-report.md'), result.report);
  io.stdout.write(`${result.report}\n`);
  return 'ok';
}

/** The retrieval and matching settings in the shipped parameters: where `--quick` refits. */
function shippedSettings() {
  const p = fittedParams();
  return { retrieval: p.retrieval, match: p.match, windowParagraphs: p.window.paragraphs, l2: p.fit?.l2 ?? DEFAULT_FIT.l2 };
}
