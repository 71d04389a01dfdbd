import type { WordModel } from '../domain/ports.js';
import { namedStopwords } from '../text/names.js';
import { contentTerms, isStopword, stripPossessive, wordTokens } from '../text/tokens.js';

/**
 * What a sentence offers any question, read once: its stems, the pairs of them, its words'
 * vectors and the initials of its names.
 */
export interface TextView {
  stems: Set<string>;
  /** Pairs of content stems next to each other, or one word apart, in the text ("a\0b"). */
  pairs: Set<string>;
  vectors: Float32Array[];
  /** Initials of runs of capitalised words ("North Atlantic Treaty Organization" → "nato"). */
  initials: Set<string>;
  /**
   * Best word-vector cosine of a question word against this text, by word: the same words come
   * back question after question, and this is most of the cost of answering (bounded).
   */
  similarity: Map<string, number>;
}

const CAPITALISED = String.raw`(?:(?:\p{Lu}\.){2,}|\p{Lu}[\p{L}]*(?:-\p{Lu}[\p{L}]*)*)`;
/** Capitalised words or dotted abbreviations, side by side or joined by "of", "for", "and", "the", "on", "de". */
const NAME_RUN = new RegExp(`(?:${CAPITALISED}\\s+(?:(?:of|for|and|the|on|de)\\s+){0,2}){1,8}${CAPITALISED}`, 'gu');
/**
 * Initials of every window (2–6 words) of each run of capitalised words in a text. Small
 * function words inside a name add no letter ("Center for Harbour and Coastal Studies" →
 * "chcs", "Bank of England" → "be").
 */
function initialsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.matchAll(NAME_RUN)) {
    // A dotted abbreviation gives all its letters: "U.S. Trade Representative" → "ustr".
    const letters = run[0]
      .split(/[\s-]+/)
      .filter((w) => /^\p{Lu}/u.test(w))
      .flatMap((w) => (/^(?:\p{Lu}\.)+$/u.test(w) ? w.replace(/\./g, '').split('') : [w[0]!]))
      .map((l) => l.toLowerCase());
    for (let a = 0; a < letters.length; a++)
      for (let b = a + 2; b <= Math.min(letters.length, a + 6); b++) out.add(letters.slice(a, b).join(''));
  }
  return out;
}

export function viewOf(text: string, words: WordModel): TextView {
  const sequence = contentTerms(text);
  // A small word the text writes as a name ("they met He in Vell") is there to be found as one.
  const stems = new Set([...sequence, ...namedStopwords(text)]);
  const pairs = new Set<string>();
  for (let i = 0; i < sequence.length; i++)
    for (let j = i + 1; j <= Math.min(sequence.length - 1, i + 2); j++) pairs.add(`${sequence[i]}\0${sequence[j]}`);
  const vectors: Float32Array[] = [];
  for (const token of new Set(wordTokens(text))) {
    const bare = stripPossessive(token);
    if (isStopword(bare)) continue;
    const v = words.vector(bare);
    if (v) vectors.push(v);
  }
  return { stems, pairs, vectors, initials: initialsOf(text), similarity: new Map() };
}

/** Views of sentences are the same for every question: keep recent ones (bounded). */
export class ViewCache {
  private readonly views = new Map<string, TextView>();
  constructor(
    private readonly words: WordModel,
    private readonly max = 5000,
  ) {}

  get(key: string, text: string): TextView {
    let view = this.views.get(key);
    if (!view) {
      if (this.views.size >= this.max) this.views.clear();
      view = viewOf(text, this.words);
      this.views.set(key, view);
    }
    return view;
  }
}
