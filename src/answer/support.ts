import type { WordModel } from '../domain/ports.js';
import { surnamesFor, type NameParts } from '../text/names.js';
import type { TextView } from './text-view.js';
import { placeAliases, type PlaceGroup } from '../text/places.js';
import type { RoleHolders } from '../text/roles.js';
import { isStopword, sameRoot, stemTerm, stripPossessive, wordTokens } from '../text/tokens.js';

/**
 * How well a sentence supports a question: the weighted share of the question's content terms
 * that the sentence contains, exactly (same stem) or as a close synonym (word-vector cosine).
 * This is what decides between answering and declining, so it is deliberately generic: it
 * knows nothing about any article, only about words.
 */

export interface QueryTerm {
  stem: string;
  word: string;
  weight: number;
  /** A name (capitalised mid-question, or an acronym): matched exactly, never by similarity. */
  proper: boolean;
  acronym: boolean;
  /** Paragraphs of the corpus that contain the term (0: the corpus never uses it). */
  df: number;
  /** Other names of the place the term is part of, as content stems ("canadian" → ["canada"], …). */
  aliases?: string[][];
  /** A title the corpus capitalises ("President"): a role, not a name that must be found. */
  title?: true;
  /** A given name the corpus drops: the surnames that stand for it (stems). */
  surnames?: readonly string[];
  /** Not typed in this message: it came from an earlier turn of the thread. */
  borrowed?: true;
  vector?: Float32Array;
}

const SIMILARITY_MEMO = 512;
/** Another name of the same place ("Canada" for "Canadian"): as good as the same word's root. */
const ALIAS = 0.9;
const SAYING = new Set(['say', 'says', 'said', 'saying']);
const KIND_WORDS = new Set(['kind', 'kinds', 'type', 'types', 'sort', 'sorts']);

/**
 * Word-vector similarity earns partial credit only: related words of GloVe (two countries, two
 * job titles) sit at cosine 0.6–0.75, so credit starts at `softFloor` and reaches `softMax` only
 * for near-synonyms. Both are chosen by `npm run fit`.
 */
export interface MatchSettings {
  softFloor: number;
  softMax: number;
}

/** Capitalised words of a question that name something (not its first word, unless all caps). */
export function properWords(question: string): { proper: Set<string>; acronyms: Set<string> } {
  const proper = new Set<string>();
  const acronyms = new Set<string>();
  const tokens = [...question.matchAll(/[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu)].map((m) => m[0]);
  // A question typed in all caps or all lower case carries no capitalisation signal.
  const mixedCase = /\p{Ll}/u.test(question) && /\p{Lu}/u.test(question);
  tokens.forEach((t, i) => {
    const bare = t.replace(/['’]s$/, '');
    if (/^\p{Lu}{2,6}$/u.test(bare) && mixedCase) {
      acronyms.add(bare.toLowerCase());
      proper.add(bare.toLowerCase());
    } else if (i > 0 && mixedCase && /^\p{Lu}\p{Ll}/u.test(bare)) {
      proper.add(bare.toLowerCase());
    }
  });
  return { proper, acronyms };
}

/** What the corpus calls its places and people by, found at ingest. */
export interface CorpusNames {
  /** The countries the corpus names, with their other names. */
  places?: readonly PlaceGroup[];
  /** Parts of full names the corpus drops after the first mention ("Ada" of "Ada Okafor"). */
  nameParts?: NameParts;
  /** Titles the corpus capitalises, as stems. */
  titles?: readonly string[];
  /** The roles the corpus gives its people before their full names, and the names' stems. */
  roles?: RoleHolders;
}

/**
 * The content terms of a question with their weights: English rarity (word rank) times a corpus
 * IDF scaled into [idfFloor, 1], so a term in every paragraph still counts a little.
 */
export function analyzeQuery(
  question: string,
  words: WordModel,
  df: (stem: string) => number,
  paragraphs: number,
  idfFloor: number,
  { places = [], nameParts, titles = [], roles }: CorpusNames = {},
): QueryTerm[] {
  const terms = new Map<string, QueryTerm>();
  const names = properWords(question);
  const aliases = placeAliases(question, places);
  const surnames = surnamesFor(question, nameParts);
  const tokens = wordTokens(question);
  for (const [at, raw] of tokens.entries()) {
    // "how long", "how many", "how far": the word after "how" frames the question, like "how" itself.
    if (at > 0 && tokens[at - 1] === 'how') continue;
    // "What did she say about …": the verb of saying asks for speech (a fitted feature), and the
    // text's "said" never shares its stem.
    if (SAYING.has(raw)) continue;
    // "What kind of climate", "which architecture type": the kind asked for, not a word to find.
    if (KIND_WORDS.has(raw) && tokens.slice(Math.max(0, at - 2), at).some((t) => t === 'what' || t === 'which')) continue;
    // A lone letter is chat shorthand ("what r the odds", "u") or a label, never the point.
    if (/^\p{L}$/u.test(raw)) continue;
    const word = stripPossessive(raw).replace(/^(?:\p{L}\.)+$/u, (m) => m.replace(/\./g, ''));
    if (word === '' || isStopword(word) || word === '$' || word === '%') continue;
    for (const part of word.includes('-') ? word.split('-') : [word]) {
      if (part === '' || isStopword(part)) continue;
      const stem = stemTerm(part);
      if (terms.has(stem)) continue;
      const n = df(stem);
      // Corpus IDF: a term in every paragraph says little about which one answers.
      const idf = n === 0 ? 1 : idfFloor + (1 - idfFloor) * (Math.log((paragraphs + 1) / n) / Math.log(paragraphs + 1));
      const term: QueryTerm = {
        stem,
        word: part,
        weight: words.rarity(part) * idf,
        df: n,
        proper: names.proper.has(part) || names.proper.has(word),
        acronym: names.acronyms.has(part),
      };
      const vector = words.vector(part);
      if (vector) term.vector = vector;
      const other = aliases.get(part);
      if (other?.length) term.aliases = other;
      // "The vice premier" is found where the text calls its holder by name; a place's name or
      // people ("Chinese") is no one's role.
      const surname = surnames.get(part) ?? (other?.length ? undefined : roles?.get(stem));
      if (surname) term.surnames = surname;
      if (term.proper && titles.includes(stem)) term.title = true;
      terms.set(stem, term);
    }
  }
  return [...terms.values()];
}

/** The best word-vector cosine of the term against the text's words, without a floor (0 without vectors). */
export function rawSimilarity(term: QueryTerm, view: TextView): number {
  return bestCosine(term, view);
}

export function termMatch(term: QueryTerm, view: TextView, match: MatchSettings): number {
  if (view.stems.has(term.stem)) return 1;
  if (term.stem.length >= 3) for (const stem of view.stems) if (sameRoot(stem, term.stem)) return 0.9;
  if (term.acronym && view.initials.has(term.word)) return 1;
  if (term.aliases?.some((stems) => stems.every((s) => view.stems.has(s)))) return ALIAS;
  const best = bestCosine(term, view);
  return best <= match.softFloor ? 0 : (match.softMax * (best - match.softFloor)) / (1 - match.softFloor);
}

function bestCosine(term: QueryTerm, view: TextView): number {
  if (term.acronym || !term.vector) return 0;
  let best = view.similarity.get(term.word);
  if (best === undefined) {
    best = 0;
    for (const v of view.vectors) {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * term.vector[i]!;
      if (dot > best) best = dot;
    }
    if (view.similarity.size >= SIMILARITY_MEMO) view.similarity.clear();
    view.similarity.set(term.word, best);
  }
  return best;
}

/**
 * Match of every question term against every sentence of a paragraph (terms × sentences),
 * computed once per paragraph so that windows only take maxima.
 */
export function matchMatrix(terms: QueryTerm[], sentences: TextView[], match: MatchSettings): number[][] {
  return terms.map((term) => {
    const row = sentences.map((view) => termMatch(term, view, match));
    // A surname stands for the given name only in a paragraph that never writes it: where the
    // full name is written, the sentence that introduces the person ("Ada Okafor, the
    // minister, …") is the one that says who she is, not a later "Okafor said".
    const { surnames } = term;
    if (surnames && row.every((m) => m < ALIAS))
      sentences.forEach((view, i) => surnames.some((s) => view.stems.has(s)) && (row[i] = Math.max(row[i]!, ALIAS)));
    return row;
  });
}
