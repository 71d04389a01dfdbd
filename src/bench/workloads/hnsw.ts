import { embeddingsSettingsOf } from '../../compose/config.js';
import path from 'node:path';
import type { App } from '../../compose/bootstrap.js';
import { createEmbeddings } from '../../embeddings/factory.js';
import { DEFAULT_HNSW } from '../../index/hnsw-index.js';
import { readManifest } from '../../index/persist.js';
import { createLogger } from '../../compose/log.js';
import type { BenchContext } from '../context.js';
import { measureQuality, readHnsw, sampleRows, unit, vectorsOf, type QualityRun } from '../hnsw-quality.js';
import { repeat } from '../measure.js';

/** The candidates footnote's retriever asks the sentence index for (src/retrieval/retriever.ts). */
const PRODUCTION_K = 64;

/**
 * Workload 3: recall@10 of the corpus-2 HNSW indexes (as persisted, at the app's efSearch)
 * against exact search over the same vectors, and the speed-up. Queries: every bench question
 * (embedded as the app embeds them) plus evenly sampled index rows.
 */
export async function runHnsw(ctx: BenchContext, app: App, indexDir: string, questions: string[]) {
  const { book, preset } = ctx;
  const manifest = await readManifest(indexDir);
  if (!manifest) throw new Error('no corpus-2 index to measure');
  const glove = (await createEmbeddings(embeddingsSettingsOf(app.config), createLogger('silent'))).glove;
  const asked = questions
    .map((q) => glove.embedText(q))
    .filter((v) => v.some((x) => x !== 0))
    .map(unit);
  const ef = DEFAULT_HNSW.efSearch;
  book.note(
    'HNSW settings (DEFAULT_HNSW, as the app builds and searches): ' +
      `M=${DEFAULT_HNSW.m}, efConstruction=${DEFAULT_HNSW.efConstruction}, efSearch=${ef}; cosine space.`,
  );
  ctx.settings.hnsw = {
    ...DEFAULT_HNSW,
    space: 'cosine',
    questionQueries: asked.length,
    sampledQueries: preset.hnswSampleQueries,
    productionK: PRODUCTION_K,
  };

  for (const kind of ['sentences', 'paragraphs'] as const) {
    ctx.progress(`hnsw: ${kind} recall ×${preset.runs}`);
    const index = readHnsw(path.join(indexDir, manifest.build, `${kind}.hnsw`), manifest.dimensions);
    const set = vectorsOf(index, manifest.dimensions);
    const queries = [...asked, ...sampleRows(set, preset.hnswSampleQueries)];
    const runs: QualityRun[] = await repeat(preset.runs, async () => measureQuality(index, set, queries, 10, ef));
    const label = `${kind} (${set.labels.length} vectors)`;
    book.add(
      {
        id: `hnsw.${kind}.recall_at_10`,
        workload: 'hnsw',
        label: `recall@10, ${label}, ef=${ef}`,
        unit: 'ratio',
        ...(kind === 'sentences' ? { target: { op: '>=', value: 0.99 } as const } : {}),
      },
      runs.map((r) => r.recall),
      4,
    );
    book.add(
      { id: `hnsw.${kind}.label_recall_at_10`, workload: 'hnsw', label: `  same, by label (ties count as misses)`, unit: 'ratio' },
      runs.map((r) => r.labelRecall),
      4,
    );
    book.add(
      { id: `hnsw.${kind}.query_ms`, workload: 'hnsw', label: `  HNSW search, k=10`, unit: 'ms' },
      runs.map((r) => r.hnswMs),
      4,
    );
    book.add(
      { id: `hnsw.${kind}.exact_ms`, workload: 'hnsw', label: `  exact search, k=10`, unit: 'ms' },
      runs.map((r) => r.exactMs),
      4,
    );
    book.add(
      { id: `hnsw.${kind}.speedup`, workload: 'hnsw', label: `  speed-up over exact`, unit: 'x' },
      runs.map((r) => r.exactMs / r.hnswMs),
    );
    if (kind !== 'sentences') continue;
    const atK = measureQuality(index, set, queries, PRODUCTION_K, ef);
    book.add(
      { id: 'hnsw.sentences.recall_at_64', workload: 'hnsw', label: `recall@${PRODUCTION_K} (the retriever's k), ef=${ef}`, unit: 'ratio' },
      [atK.recall],
      4,
    );
    const sweep = preset.efSweep.map((sweepEf) => measureQuality(index, set, queries, 10, sweepEf));
    for (const r of sweep) {
      book.add(
        { id: `hnsw.sentences.ef${r.ef}.recall_at_10`, workload: 'hnsw', label: `  sweep: recall@10 at ef=${r.ef}`, unit: 'ratio' },
        [r.recall],
        4,
      );
    }
    book.note(
      `HNSW ef sweep (sentences, k=10): ${sweep.map((r) => `ef=${r.ef} recall ${r.recall.toFixed(4)} in ${r.hnswMs.toFixed(3)} ms`).join('; ')}.`,
    );
  }
}
