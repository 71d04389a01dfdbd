/**
 * The quality benchmarks kept in the repository (`bench/quality/<name>/`): a corpus folder and a
 * question set in the eval format. A folder may hold `benchmark.json` to point elsewhere
 * (`{"corpus": "…", "questions": "…"}`, relative to the folder), e.g. to the shipped article,
 * and mark it `"fit": false`: a test set, reported beside the others but never fitted on. A set of
 * thread follow-ups (cases with `follows`) must be one.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseCases } from '../cases.js';
import type { EvalCase } from '../types.js';

export interface Benchmark {
  name: string;
  corpusDir: string;
  questionsFile: string;
  cases: EvalCase[];
  /** sha256 of the question file, recorded with fitted parameters. */
  sha256: string;
  /** False for a test set: `npm run fit` never fits on it, so its figures are on unseen questions. */
  fit: boolean;
  /** Its cases are thread follow-ups (`follows`): answered in their thread by `quality`, left out of `fit`. */
  threads: boolean;
}

const manifestSchema = z.strictObject({
  corpus: z.string().default('corpus'),
  questions: z.string().default('questions.jsonl'),
  description: z.string().optional(),
  license: z.string().optional(),
  fit: z.boolean().default(true),
});

export async function loadBenchmarks(root: string, only?: string[]): Promise<Benchmark[]> {
  const names = (await readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && (!only || only.includes(e.name)))
    .map((e) => e.name)
    .sort();
  const out: Benchmark[] = [];
  for (const name of names) {
    const dir = path.join(root, name);
    let manifest: z.infer<typeof manifestSchema> = manifestSchema.parse({});
    try {
      manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'benchmark.json'), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`${name}/benchmark.json: ${(error as Error).message}`, { cause: error });
    }
    const questionsFile = path.resolve(dir, manifest.questions);
    const source = await readFile(questionsFile, 'utf8').catch(() => undefined);
    if (source === undefined) continue;
    const { cases, errors } = parseCases(source, 'jsonl');
    if (errors.length > 0) throw new Error(`${questionsFile}: ${errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
    // The fit models one question at a time: a follow-up asked alone is not the question it is.
    const threads = cases.some((c) => c.follows !== undefined);
    if (threads && manifest.fit)
      throw new Error(`${name}: follow-up cases ("follows") are never fitted on: set "fit": false in its benchmark.json`);
    out.push({
      name,
      corpusDir: path.resolve(dir, manifest.corpus),
      questionsFile,
      cases,
      sha256: createHash('sha256').update(source).digest('hex'),
      fit: manifest.fit,
      threads,
    });
  }
  if (only) for (const n of only) if (!out.some((b) => b.name === n)) throw new Error(`no benchmark "${n}" in ${root}`);
  return out;
}
