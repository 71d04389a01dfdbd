import type { CorpusDocument, Paragraph, Passage } from '../domain/types.js';

/** A paragraph as the answer layers see it: its text and sentences, with its document's title. */
export function passageOf(doc: CorpusDocument, p: Paragraph, score: number): Passage {
  return { doc: p.doc, paragraph: p.n, text: p.text, sections: p.sections, sentences: p.sentences, score, title: doc.title };
}
