/**
 * The plain baseline every figure is compared with: BM25 over paragraphs (MiniSearch with its
 * default parameters, the Porter stemmer and a short stopword list), then the top paragraph's
 * sentence that shares the most question stems. It never declines. Deliberately independent of
 * footnote's own text processing, so that footnote's changes cannot move it.
 */
import MiniSearch from 'minisearch';
import { stemmer } from 'stemmer';

const STOP = new Set(
  'a an the of in on at to for by with from and or is are was were be been what which who whom whose when where why how did do does that this these those it its as than then there their they he she his her i you we our not no'.split(
    ' ',
  ),
);

export interface BaselineAnswer {
  /** 1-based paragraph numbers, best first. */
  ranking: number[];
  /** The chosen sentence ('' when BM25 matched nothing). */
  answer: string;
}

export function createBaseline(paragraphs: string[]): (question: string) => BaselineAnswer {
  const ms = new MiniSearch<{ id: number; t: string }>({
    fields: ['t'],
    processTerm: (term) => {
      const t = term.toLowerCase();
      return STOP.has(t) ? null : stemmer(t);
    },
  });
  ms.addAll(paragraphs.map((t, i) => ({ id: i + 1, t })));
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const words = (s: string) => s.toLowerCase().match(/\p{L}+/gu) ?? [];
  return (question) => {
    const ranking = ms.search(question).map((r) => Number(r.id));
    if (ranking.length === 0) return { ranking, answer: '' };
    const asked = new Set(
      words(question)
        .filter((w) => !STOP.has(w))
        .map((w) => stemmer(w)),
    );
    let best = '';
    let bestShared = -1;
    for (const { segment } of segmenter.segment(paragraphs[ranking[0]! - 1]!)) {
      const stems = new Set(words(segment).map((w) => stemmer(w)));
      let shared = 0;
      for (const t of asked) if (stems.has(t)) shared++;
      if (shared > bestShared) {
        bestShared = shared;
        best = segment;
      }
    }
    return { ranking, answer: best };
  };
}
