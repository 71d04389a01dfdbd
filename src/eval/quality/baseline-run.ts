import { createBaseline } from './baseline.js';
import { figuresOf, type QualityFigures } from './metrics.js';
import type { Workspace } from './workspace.js';

/** The plain BM25 baseline's figures on a benchmark (single-document corpora: paragraph n = index + 1). */
export function baselineFigures(ws: Workspace): QualityFigures {
  const ask = createBaseline(ws.paragraphs);
  const cases = ws.benchmark.cases;
  return figuresOf(
    cases,
    cases.map((c) => {
      const { ranking, answer } = ask(c.question);
      return { ranking, declined: false, answer, cited: ranking.slice(0, 1) };
    }),
  );
}
