/**
 * `npm run quality`: every benchmark in `bench/quality/`, answered end to end by `ask` with the
 * shipped parameters, beside the plain BM25 baseline and beside footnote fitted without that
 * benchmark (held out). The one command behind the README's quality table.
 */
import { answerQuestion, focusOf } from '../../app/ask.js';
import { askedKind } from '../../answer/asked-kind.js';
import type { EmbeddingsBundle } from '../../embeddings/factory.js';
import { fittedParams, type FittedParams } from '../../params/fitted.js';
import { analyseBenchmark, type Analysed } from '../fit/data.js';
import { crossValidate } from '../fit/cross.js';
import { FIGURE_HEADER, figureRows } from '../fit/report.js';
import { loadBenchmarks } from './benchmarks.js';
import { baselineFigures } from './baseline-run.js';
import { figuresOf, type Outcome, type QualityFigures } from './metrics.js';
import { openWorkspace, type Workspace } from './workspace.js';
import { askInThread } from '../thread.js';
import type { AskFn } from '../types.js';

export interface QualityRow {
  benchmark: string;
  baseline: QualityFigures;
  shipped: QualityFigures;
  heldOut: QualityFigures;
  /** A test set: never fitted on (its held-out figures are the shipped ones). */
  test: boolean;
  /** Follow-up sets: footnote answering each follow-up alone, without its thread. */
  alone?: QualityFigures;
}

/** Speed is the bench's business (`footnote bench`): here only what the answers are. */
async function endToEnd(ws: Workspace, params: FittedParams, inThread = true): Promise<QualityFigures> {
  const ask: AskFn = (question, options) => answerQuestion(question, options ?? {}, { ...ws.deps, params });
  const outcomes: Outcome[] = [];
  for (const c of ws.benchmark.cases) {
    const r = await askInThread(ask, inThread ? c : { question: c.question, ...(c.doc ? { doc: c.doc } : {}) });
    const asksPhrase = askedKind(focusOf(c.question, ws.deps.index).cased) !== undefined;
    outcomes.push({
      ranking: r.retrieved.map((x) => x.paragraph),
      declined: !r.answerable,
      answer: r.answer,
      cited: r.citations.map((x) => x.paragraph),
      ...(asksPhrase ? { short: r.short_answer } : {}),
    });
  }
  return figuresOf(ws.benchmark.cases, outcomes);
}

export async function runQuality(
  benchmarksDir: string,
  embeddings: EmbeddingsBundle,
  progress: (line: string) => void,
): Promise<QualityRow[]> {
  const params = fittedParams();
  const spaces: Workspace[] = [];
  const data: Analysed[] = [];
  for (const b of await loadBenchmarks(benchmarksDir)) {
    progress(`quality: ${b.name} (${b.cases.length} questions)`);
    const ws = await openWorkspace(b, embeddings);
    spaces.push(ws);
    // A test set is never fitted on, not even in the held-out folds of the others.
    if (b.fit) data.push(...(await analyseBenchmark(ws, params)));
  }
  progress('quality: held-out fits (one per benchmark)');
  const held = crossValidate(data, params, params.window.paragraphs, params.fit?.l2);
  const rows: QualityRow[] = [];
  for (const ws of spaces) {
    const shipped = await endToEnd(ws, params);
    rows.push({
      benchmark: ws.benchmark.name,
      baseline: baselineFigures(ws),
      shipped,
      // The shipped parameters never saw a test set: their figures on it are held out.
      heldOut: ws.benchmark.fit ? held.figures.get(ws.benchmark.name)! : shipped,
      test: !ws.benchmark.fit,
      ...(ws.benchmark.threads ? { alone: await endToEnd(ws, params, false) } : {}),
    });
  }
  return rows;
}

export function renderQuality(rows: QualityRow[]): string {
  return [
    ...FIGURE_HEADER,
    ...rows.flatMap((r) =>
      figureRows(
        r.benchmark,
        r.test
          ? [
              ['plain BM25 baseline', r.baseline],
              ...(r.alone ? [['footnote, follow-up asked alone', r.alone] as [string, QualityFigures]] : []),
              [r.alone ? 'footnote in the thread (never fitted on)' : 'footnote, test set (never fitted on)', r.shipped],
            ]
          : [
              ['plain BM25 baseline', r.baseline],
              ['footnote, held out', r.heldOut],
              ['footnote as shipped (fitted on it)', r.shipped],
            ],
      ),
    ),
  ].join('\n');
}
