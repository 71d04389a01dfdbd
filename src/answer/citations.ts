import type { ParagraphRef } from '../domain/types.js';

/** The marker written after a claim: `[¶3]`, or `[doc ¶3]` when the corpus has several documents. */
export function citationMarker(ref: ParagraphRef, multiDoc: boolean): string {
  return multiDoc ? `[${ref.doc} ¶${ref.paragraph}]` : `[¶${ref.paragraph}]`;
}

export function sameParagraph(a: ParagraphRef, b: ParagraphRef): boolean {
  return a.doc === b.doc && a.paragraph === b.paragraph;
}
