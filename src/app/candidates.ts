/**
 * Retrieved paragraphs as the answerer's candidates: their retrieval signals, their document's
 * title and the dense score of each sentence the dense retriever returned.
 */
import type { CandidateParagraph } from '../answer/extractive.js';
import type { CorpusIndex } from '../index/build.js';
import type { RetrievedParagraphSignals, retrieveCandidates } from '../retrieval/retriever.js';

/** `retrieved` lists at least this many paragraphs (the `ask --json` contract). */
export const MIN_RETRIEVED = 5;

export function toCandidates(index: CorpusIndex, r: ReturnType<typeof retrieveCandidates>, doc?: string): CandidateParagraph[] {
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
  for (const [sentence, score] of r.sentenceDense) {
    const s = units.sentences[sentence]!;
    byParagraph.get(s.paragraphId)?.dense.set(s.index, score);
  }
  return [...byParagraph.values()];
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
