/**
 * Retrieved paragraphs as the answerer's candidates: their retrieval signals, their document's
 * title and the dense score of each of their sentences.
 */
import type { CandidateParagraph } from '../answer/extractive.js';
import type { CorpusIndex } from '../index/build.js';
import type { CorpusUnits } from '../index/units.js';
import type { RetrievedParagraphSignals, retrieveCandidates } from '../retrieval/retriever.js';

/** `retrieved` lists at least this many paragraphs (the `ask --json` contract). */
export const MIN_RETRIEVED = 5;

export function toCandidates(
  index: CorpusIndex,
  r: ReturnType<typeof retrieveCandidates>,
  queryVector: ArrayLike<number>,
  doc?: string,
): CandidateParagraph[] {
  const { units } = index;
  const byParagraph = new Map<number, CandidateParagraph>();
  // Small corpora: every paragraph is a candidate, so `retrieved` always has enough entries.
  const eligible = (id: number) => doc === undefined || units.paragraphs[id]!.doc === doc;
  const floor = (key: 'denseP' | 'denseS') => Math.min(1, ...r.paragraphs.map((p) => p[key]));
  const padded =
    r.paragraphs.length >= MIN_RETRIEVED
      ? r.paragraphs
      : padWithRemaining(r.paragraphs, units.paragraphs.length, eligible, floor('denseP'), floor('denseS'));
  const titles = new Map(units.documents.map((d) => [d.id, d.title]));
  for (const c of padded) {
    const paragraph = units.paragraphs[c.id]!;
    byParagraph.set(c.id, {
      paragraph,
      title: titles.get(paragraph.doc) ?? '',
      bm25: c.bm25,
      denseP: c.denseP,
      denseS: c.denseS,
      dense: new Map(),
    });
  }
  withExactCosines(index, r, byParagraph, queryVector);
  return [...byParagraph.values()];
}

/**
 * The cosines of every candidate paragraph and of each of its sentences. The nearest-neighbour
 * searches return only their best few; the rest are read from the stored vectors. A paragraph
 * that BM25 alone found had no score for its sentences, and a window there looked as unlike the
 * question as one with no known word (its dense feature 0), which is what the decline model read.
 */
function withExactCosines(
  index: CorpusIndex,
  r: ReturnType<typeof retrieveCandidates>,
  byParagraph: Map<number, CandidateParagraph>,
  queryVector: ArrayLike<number>,
): void {
  const { units } = index;
  const ids = [...byParagraph.keys()];
  const firstSentence = new Map(ids.map((id) => [id, firstSentenceOf(units, id)]));
  const labelOf = (id: number, sentence: number) => firstSentence.get(id)! + sentence;
  // Small corpora: the searches returned every vector, and nothing is read.
  const sentenceCos = index.sentenceVectors.cosines(
    queryVector,
    ids.flatMap((id) => units.paragraphs[id]!.sentences.map((s) => labelOf(id, s.index))).filter((s) => !r.sentenceDense.has(s)),
  );
  const paragraphCos = index.paragraphVectors.cosines(
    queryVector,
    ids.filter((id) => !r.paragraphDense.has(id)),
  );
  for (const [id, c] of byParagraph) {
    c.denseP = r.paragraphDense.get(id) ?? paragraphCos.get(id) ?? c.denseP;
    let best: number | undefined;
    for (const s of c.paragraph.sentences) {
      const cos = r.sentenceDense.get(labelOf(id, s.index)) ?? sentenceCos.get(labelOf(id, s.index));
      if (cos === undefined) continue;
      c.dense.set(s.index, cos);
      best = Math.max(best ?? cos, cos);
    }
    c.denseS = best ?? c.denseS;
  }
}

/** The global id of each paragraph's first sentence: sentences are numbered in paragraph order. */
function firstSentenceOf(units: CorpusUnits, paragraphId: number): number {
  const { sentences } = units;
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid]!.paragraphId < paragraphId) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function padWithRemaining(
  top: RetrievedParagraphSignals[],
  total: number,
  eligible: (id: number) => boolean,
  denseP: number,
  denseS: number,
): RetrievedParagraphSignals[] {
  const have = new Set(top.map((t) => t.id));
  const out = [...top];
  for (let id = 0; id < total && out.length < MIN_RETRIEVED; id++)
    if (!have.has(id) && eligible(id)) out.push({ id, bm25: 0, denseP, denseS });
  return out;
}
