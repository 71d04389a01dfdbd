import type { CorpusDocument, Paragraph } from '../domain/types.js';

/** A sentence addressed by global ids: the unit that is embedded and searched. */
export interface SentenceUnit {
  /** Global sentence id (HNSW label, lexical id). */
  id: number;
  paragraphId: number;
  /** Index within its paragraph. */
  index: number;
}

/** The corpus flattened into globally numbered paragraphs and sentences. */
export interface CorpusUnits {
  documents: CorpusDocument[];
  /** Global paragraph id = position. */
  paragraphs: Paragraph[];
  sentences: SentenceUnit[];
}

export function buildUnits(documents: CorpusDocument[]): CorpusUnits {
  const paragraphs: Paragraph[] = [];
  const sentences: SentenceUnit[] = [];
  for (const doc of documents) {
    for (const p of doc.paragraphs) {
      const paragraphId = paragraphs.length;
      paragraphs.push(p);
      for (const s of p.sentences) sentences.push({ id: sentences.length, paragraphId, index: s.index });
    }
  }
  return { documents, paragraphs, sentences };
}

export function sentenceText(units: CorpusUnits, id: number): string {
  const s = units.sentences[id]!;
  return units.paragraphs[s.paragraphId]!.sentences[s.index]!.text;
}
