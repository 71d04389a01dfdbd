import { CASED_WORD, casedWord, foldAccents, isStopword, stemTerm } from './tokens.js';
import { ownValue } from '../domain/records.js';

/**
 * Given names a text drops. News names a person in full once ("Finance Minister Ada Okafor") and
 * by surname after that ("Okafor said"), so a question asking about "Ada Okafor" must find "Ada"
 * wherever "Okafor" stands for her, or the paragraph that answers it looks as if it missed a
 * name (and is declined). Read at ingest from the corpus alone: a given name that is always
 * capitalised, never stands alone, and sits beside a word that does stand alone ("Okafor"), the
 * word the text calls the person by. A name the lexicon does not know at all counts as a given
 * name in a run a title opens: the lexicon has few names from outside English, and a text that
 * writes the family name first ("Vice Minister Wen Haodong", then "Wen said") drops the part it
 * does not know (without the title, "Orkney" of "Orkney Vikings" would be one). Which of two
 * people with the same given name a question means, only the question's own pairing tells ("Ada
 * Okafor", not "Ada Lind").
 *
 * And the words a corpus always capitalises, its names, for questions typed without capitals:
 * "who is ada okafor" asks what she is, as "Who is Ada Okafor?" does, not for a name.
 */

/** For each given name that never stands alone (a stem), the words beside it that do (stems). */
export type NameParts = Record<string, string[]>;

const SENTENCE_BREAK = /[.!?:;"“”()]/;

interface Occurrence {
  /** As written, without a possessive ending. */
  word: string;
  stem: string;
  capitalised: boolean;
  /** First word of a sentence: capitalised whatever it is, so its case is no evidence. */
  opensSentence: boolean;
  /** Capitalised words directly beside it: each as written and as its stem. */
  beside: { word: string; stem: string }[];
  /** The capitalised words before it in its run, as written ("Vice", "Minister" of "Vice Minister Wen Haodong"). */
  before: string[];
}

/** What a lexicon of English says about a capitalised word. */
export interface NameLexicon {
  isGivenName(word: string): boolean;
  /** A title ("President", "Lord") stands alone ("the President said") but names no one. */
  isTitle(word: string): boolean;
  /**
   * A word English uses for other things than names ("President", "South", "Air"): a text
   * capitalising it in a name or title does not make it a name in a question.
   */
  isOrdinaryWord(word: string): boolean;
  /** A word the lexicon has under no tag: an invented or foreign name, as far as it can tell. */
  isUnknownWord(word: string): boolean;
}

/** What a corpus says about its names. */
export interface CorpusNameFacts {
  parts: NameParts;
  /**
   * Words the corpus always capitalises, as written ("Okafor", "EU"): names. A question typed
   * without capitals ("who is ada okafor") gets theirs (`recased`).
   */
  capitalised: string[];
  /**
   * Titles the corpus writes with a capital ("President", "Mayor"), as stems. Capitalised in a
   * question ("the President's trip") they name a role, not someone who must be named.
   */
  titles: string[];
}

export function readNames(texts: readonly string[], lexicon: NameLexicon): CorpusNameFacts {
  const lower = new Set<string>();
  const upper = new Map<string, string>();
  const ordinary = new Set<string>();
  const titles = new Set<string>();
  const alone = new Set<string>();
  const besides = new Map<string, Set<string>>();
  for (const text of texts) {
    for (const o of occurrences(text)) {
      // A sentence's first word is capitalised whatever it is, so its case is no evidence; but
      // "Okafor said …" opening a sentence is a name standing alone if "Okafor" is a name at all.
      if (!o.opensSentence) {
        // A word written in lower case anywhere is no name: nothing more to learn about it.
        if (!o.capitalised) {
          lower.add(o.stem);
          continue;
        }
        // A small word written as a name is no capital to give a question typed without any.
        if (!upper.has(o.stem) && !isNameStopword(o.stem)) upper.set(o.stem, o.word);
      }
      if (lexicon.isTitle(o.word)) titles.add(o.stem);
      if (lexicon.isOrdinaryWord(o.word)) ordinary.add(o.stem);
      // Beside a title only, a name stands alone: "President Ruiz" calls Ruiz by surname.
      if (o.beside.every((b) => lexicon.isTitle(b.word))) alone.add(o.stem);
      else if (
        lexicon.isGivenName(o.word) ||
        (lexicon.isUnknownWord(o.word) && (o.before.some((w) => lexicon.isTitle(w)) || o.beside.some((b) => isNameStopword(b.stem))))
      )
        for (const b of o.beside) besides.set(o.stem, (besides.get(o.stem) ?? new Set()).add(b.stem));
    }
  }
  const parts: NameParts = {};
  for (const [stem, beside] of besides) {
    if (lower.has(stem) || alone.has(stem)) continue;
    const partners = [...beside].filter((w) => alone.has(w) && !lower.has(w) && !titles.has(w));
    if (partners.length > 0) parts[stem] = partners.sort();
  }
  const capitalised = [...upper].filter(([stem]) => !lower.has(stem) && !ordinary.has(stem)).map(([, word]) => word);
  return { parts, capitalised: capitalised.sort(), titles: [...titles].sort() };
}

// The corpus's capitalised words by their lower case, made once per index (the list is stored).
const capitalisedByLower = new WeakMap<readonly string[], ReadonlyMap<string, string>>();

/**
 * The question with the capitals of the names it uses, when it was typed without any past its
 * first word: "who is ada okafor" → "who is Ada Okafor", "what did the eu say" → "what did the
 * EU say". A question with capitals of its own is left as it is.
 */
export function recased(question: string, capitalised: readonly string[] | undefined): string {
  if (!capitalised?.length) return question;
  const words = question.match(CASED_WORD) ?? [];
  if (words.slice(1).some((w) => /\p{Lu}/u.test(w))) return question;
  let byLower = capitalisedByLower.get(capitalised);
  if (!byLower) capitalisedByLower.set(capitalised, (byLower = new Map(capitalised.map((w) => [foldAccents(w).toLowerCase(), w]))));
  const names = byLower;
  return question.replace(CASED_WORD, (token) => {
    const core = bare(foldAccents(token)).toLowerCase();
    const written = names.get(core);
    if (!written) return token;
    // Only the word itself takes the capitals: a possessive or a full stop stays as typed.
    const rest = token.slice(core.length);
    return /^(?:['’]s)?\.?$/u.test(rest) && token.slice(0, core.length).toLowerCase() === core ? written + rest : token;
  });
}

/** The words written with a capital past the first: a question's names. */
export function writtenNames(question: string): string[] {
  return [...question.matchAll(CASED_WORD)]
    .slice(1)
    .map(([w]) => casedWord(w))
    .filter((w) => /^\p{Lu}/u.test(w));
}

/**
 * For each given name of the question that the corpus drops, the surnames that stand for it: the
 * one beside it in the question ("Where did Ada Okafor speak?" → ada → ["okafor"]), or, given
 * alone, the one surname the corpus pairs it with.
 */
export function surnamesFor(question: string, parts: NameParts | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!parts) return out;
  const words = (foldAccents(question).match(CASED_WORD) ?? []).map((t) => bare(t).toLowerCase());
  const stems = words.map(contentStem);
  stems.forEach((stem, i) => {
    const partners = ownValue(parts, stem);
    if (!partners) return;
    const beside = [stems[i - 1], stems[i + 1]].filter((s): s is string => s !== undefined && partners.includes(s));
    const meant = beside.length > 0 ? beside : partners.length === 1 ? partners : [];
    if (meant.length > 0) out.set(words[i]!, meant);
  });
  return out;
}

/**
 * A small word written with a capital inside a sentence is a name, not the word: "they met He
 * in Vell" names a person whose family name is "He"; the pronoun is never capitalised there. Its
 * stem keeps the capital, so the pronoun "he" elsewhere is not taken for it. Only a text's own
 * writing shows this, never a question's: questions are often typed in title case.
 */
export function nameStopword(word: string, opensSentence: boolean): string | undefined {
  return !opensSentence && /^\p{Lu}\p{Ll}+$/u.test(word) && isStopword(word.toLowerCase()) ? word : undefined;
}

const isNameStopword = (stem: string) => /^\p{Lu}/u.test(stem);

/** The small words a text writes as names (`nameStopword`), as their stems ("He"). */
export function namedStopwords(text: string): string[] {
  // Most sentences have none: a glance at their words spares the full reading (sentence views
  // are made while answering).
  const words = foldAccents(text).match(CASED_WORD) ?? [];
  if (!words.slice(1).some((w) => nameStopword(bare(w), false) !== undefined)) return [];
  return occurrences(text).flatMap((o) => (isNameStopword(o.stem) ? [o.stem] : []));
}

/** A word as names are compared (`casedWord`), its apostrophes straight as questions type them. */
const bare = (token: string) => casedWord(token).replace(/’/g, "'");

/** The stem of a content word; '' for a small word or a number, which can be no part of a name. */
const contentStem = (lower: string) => (lower === '' || isStopword(lower) || /^\p{N}/u.test(lower) ? '' : stemTerm(lower));

interface Word {
  word: string;
  /** Content stem, or '' for a small word or a number, which breaks a run but names nothing. */
  stem: string;
  capitalised: boolean;
  opensSentence: boolean;
  /** Only spaces stand between it and the word before: only they put two words in one name ("Okafor, Ada" is a list). */
  joinsPrevious: boolean;
}

/** Every content word of the text with its capitalisation and its capitalised neighbours. */
function occurrences(text: string): Occurrence[] {
  const words: Word[] = [];
  const folded = foldAccents(text);
  let last = 0;
  let previous = '';
  for (const m of folded.matchAll(CASED_WORD)) {
    const gap = folded.slice(last, m.index);
    last = m.index + m[0].length;
    // A full stop ends a sentence, unless it closes an initial ("U.S.", "J.").
    const endsSentence = previous.endsWith('.') && !/(?:^|\.)\p{Lu}\.$/u.test(previous);
    // A heading in capitals runs into its first sentence ("HARBOUR FEES The officials …").
    const afterHeading = /^\p{Lu}{2,}$/u.test(previous);
    previous = m[0];
    const opensSentence = words.length === 0 || SENTENCE_BREAK.test(gap) || endsSentence;
    const word = bare(m[0]);
    const stem = nameStopword(word, opensSentence || afterHeading) ?? contentStem(word.toLowerCase());
    words.push({
      word,
      stem,
      capitalised: stem !== '' && /^\p{Lu}/u.test(word),
      opensSentence,
      joinsPrevious: /^\s+$/.test(gap) && !opensSentence,
    });
  }
  const allCaps = words.map((w) => /^\p{Lu}{2,}$/u.test(w.word));
  const out: Occurrence[] = [];
  words.forEach((w, i) => {
    // Words of a heading in capitals ("HARBOUR FEES RISE") say nothing about names; an
    // acronym among ordinary words ("the EU said") does.
    if (w.stem === '' || (allCaps[i] && (allCaps[i - 1] || allCaps[i + 1]))) return;
    const prev = words[i - 1];
    const next = words[i + 1];
    // A sentence's first word still ties its neighbour into a run ("Ada Okafor said" opening a
    // sentence: "Okafor" does not stand alone there).
    const near = [
      prev && w.joinsPrevious && prev.capitalised ? prev : undefined,
      next?.joinsPrevious && next.capitalised ? next : undefined,
    ];
    const both = near.filter((x): x is Word => x !== undefined);
    const before: string[] = [];
    for (let j = i; j > 0 && words[j]!.joinsPrevious && words[j - 1]!.capitalised; j--) before.push(words[j - 1]!.word);
    out.push({
      word: w.word,
      stem: w.stem,
      capitalised: w.capitalised,
      opensSentence: w.opensSentence,
      beside: both.map((x) => ({ word: x.word, stem: x.stem })),
      before,
    });
  });
  return out;
}
