import type { Citation, Entity } from '../domain/types.js';
import type { CorpusIndex } from '../index/build.js';
import { CASED_WORD, casedWord, contentTerms, stemTerm, wordTokens } from '../text/tokens.js';
import { dot, type ShortFeature } from '../params/fitted.js';
import { askedKind, type AskedKind } from './asked-kind.js';
import { properWords } from './support.js';
import { organisationsFirst, peopleOf, placesNotPeople } from './organisations.js';
import { anchorPositions, appositionWords, kindPhrase, namesTheKind, nearness, titleWords } from './phrase-position.js';
import { countryNames, paragraphId, quotedPart } from './quoted-part.js';

/**
 * The answer phrase of a quoted window: the entity of the asked kind that the question does not
 * already name, nearest to the words it shares with the question. "Who met the minister?" over
 * "The minister met Ana Ruiz in Lyon." gives "Ana Ruiz"; "Where …?" gives "Lyon". Candidates are
 * scored by a linear model whose weights `npm run fit` sets (`params.short`).
 */
export interface ShortAnswerInput {
  kind: AskedKind;
  /** The paragraph's text and its entities (offsets into it). */
  text: string;
  entities: Entity[];
  /** The quoted part of the paragraph, and its sentences when it has several. */
  window: { start: number; end: number };
  sentences?: { start: number; end: number }[];
  /** The question, and earlier text of the conversation: what they name is not an answer. */
  question: string;
  known?: string[];
  /** Lowercase names of the countries the corpus names (for "which country …"). */
  countries?: ReadonlySet<string>;
  /** Stems of the corpus's people's given names and surnames (for "which company …", "where …"). */
  people?: ReadonlySet<string>;
}

export interface ShortAnswerCandidate {
  phrase: string;
  /** Its type's place in the asked kind's list of types (0: the first choice). */
  rank: number;
  /** Where it ends in the paragraph text. */
  end: number;
  features: Record<ShortFeature, number>;
}

/** The phrase of the best-scoring candidate, or null when the window holds none. */
export function pickShortAnswer(input: ShortAnswerInput, weights: Record<ShortFeature, number>): string | null {
  let best: { score: number; phrase: string } | undefined;
  for (const c of shortAnswerChoices(input)) {
    const score = dot(weights, c.features);
    if (!best || score > best.score) best = { score, phrase: c.phrase };
  }
  return best?.phrase ?? (input.kind.noun ? kindPhrase(input.text, input.window, input.kind.noun, input.question) : null);
}

/** The candidates the fitted scorer chooses among, after the rules that come before it. */
export function shortAnswerChoices(input: ShortAnswerInput): ShortAnswerCandidate[] {
  const candidates = structuresFirst(countriesFirst(shortAnswerCandidates(input), input), input);
  const placed = placesNotPeople(candidates, input.kind, input.people);
  return bestTyped(organisationsFirst(placed, input.kind.organisation, input.text, input.people));
}

/**
 * "Which building …": the names that end with a building's noun or have one right after them
 * ("Vell Stadium", "the Corvin 118 tower"), when there are any: "Lyon's Corvin 118 tower" is not Lyon.
 */
function structuresFirst(candidates: ShortAnswerCandidate[], input: ShortAnswerInput): ShortAnswerCandidate[] {
  const nouns = input.kind.structure;
  if (!nouns) return candidates;
  const stems = new Set(nouns.map(stemTerm));
  const named = candidates.filter((c) => {
    const last = wordTokens(c.phrase).at(-1) ?? '';
    const next = wordTokens(input.text.slice(c.end, c.end + 30))[0] ?? '';
    return stems.has(stemTerm(last)) || stems.has(stemTerm(next));
  });
  return named.length > 0 ? named : candidates;
}

/**
 * The candidates of the asked kind's first type found: "When …?" takes a date when the quote has
 * one, a duration only when it has none.
 */
function bestTyped(candidates: ShortAnswerCandidate[]): ShortAnswerCandidate[] {
  const first = Math.min(...candidates.map((c) => c.rank));
  return candidates.filter((c) => c.rank === first);
}

/** "Which country …": the candidates that are countries, when there are any. */
function countriesFirst(candidates: ShortAnswerCandidate[], input: ShortAnswerInput): ShortAnswerCandidate[] {
  const names = input.countries;
  if (!input.kind.country || !names?.size) return candidates;
  const countries = candidates.filter((c) => names.has(c.phrase.toLowerCase().replace(/\./g, '')));
  return countries.length > 0 ? countries : candidates;
}

/** Every entity of the asked kind in the window that tells the reader something new, with its features. */
function shortAnswerCandidates(input: ShortAnswerInput): ShortAnswerCandidate[] {
  const { kind, text, window } = input;
  // "Saint-Clair" in the question makes "Clair" known too.
  const knownWords = new Set(
    [input.question, ...(input.known ?? [])].flatMap((t) => wordTokens(t).flatMap((w) => [casedWord(w), ...w.split('-')])),
  );
  const questionStems = new Set(contentTerms(input.question));
  const anchors = anchorPositions(text, window, questionStems);
  const givenNames = nameRuns(input.question);
  const out: ShortAnswerCandidate[] = [];
  for (const e of input.entities) {
    if (e.start < window.start || e.end > window.end) continue;
    const rank = kind.types.indexOf(e.type);
    if (rank < 0) continue;
    // Named by the question (or the conversation) already: no news to the reader.
    const raw = text.slice(e.start, e.end);
    // Names are the question's own when their last word is; a date or number only when all is
    // ("What century …?" is answered by "the 10th century").
    const trimmed =
      e.type === 'name' || e.type === 'place' ? withoutKnownStart(raw, knownWords) : { phrase: raw, words: wordTokens(raw).map(casedWord) };
    if (!trimmed) continue;
    const { phrase, words } = trimmed;
    // "Which lake …?": a name is an answer when it, or its title or apposition, says it is a lake.
    if (kind.noun && !namesTheKind(text, e, stemTerm(kind.noun))) continue;
    // "King Olaf IV of Norland" when the question asks about Olaf IV: the one asked about.
    if ((e.type === 'name' || e.type === 'place') && givenNames.some((run) => run.every((w) => words.includes(w)))) continue;
    const fresh = words.filter((w) => !knownWords.has(w)).length;
    if (fresh === 0) continue;
    // A quote of two sentences: the one that shares more with the question holds the answer.
    const sentence = input.sentences?.find((x) => x.start <= e.start && e.end <= x.end) ?? window;
    const local = anchors
      .map((positions) => positions.filter((a) => a.start >= sentence.start && a.start < sentence.end))
      .filter((p) => p.length > 0);
    out.push({
      phrase,
      rank,
      end: e.end,
      features: {
        near: nearness(local, e),
        fresh: fresh / words.length,
        sentence: questionStems.size > 0 ? local.length / questionStems.size : 0,
        // The question's words in the title right before it: "Estranan President Teo Vall"
        // answers "Who is the Estranan president?" better than "Norvalian President Ana Ruiz".
        title: questionStems.size > 0 ? titleWords(text, e.start, questionStems) / questionStems.size : 0,
        // Or in an apposition right after it: "Mira Tal, an economist at the Vell Institute, said …".
        apposition: questionStems.size > 0 ? appositionWords(text, e.end, questionStems) / questionStems.size : 0,
        // Shorter names score this more: the fit learns whether fuller names win.
        short: e.type === 'name' || e.type === 'place' ? 1 / words.length : 0,
      },
    });
  }
  return out;
}

/**
 * Drops words the reader already has from the start of a phrase: "Trade Representative Ana
 * Ruiz" answers "Who is the trade representative?" as "Ana Ruiz". A name whose last word is
 * known ("King Harold II" when the question names Harold II) or that is a known name "of"
 * somewhere ("Bohemond of Taranto" when it names Bohemond) is the one asked about: no answer.
 */
function withoutKnownStart(phrase: string, known: Set<string>): { phrase: string; words: string[] } | undefined {
  const tokens = [...phrase.matchAll(CASED_WORD)].map((m) => ({
    word: casedWord(m[0].toLowerCase()),
    start: m.index,
    end: m.index + m[0].length,
  }));
  if (tokens.length === 0 || known.has(tokens[tokens.length - 1]!.word)) return undefined;
  let a = 0;
  while (a < tokens.length && known.has(tokens[a]!.word)) a++;
  if (a > 0 && NAME_CONNECTORS.has(tokens[a]!.word)) return undefined;
  return { phrase: phrase.slice(tokens[a]!.start), words: tokens.slice(a).map((t) => t.word) };
}

/** Runs of consecutive names in a question ("Who met Olaf IV in Vell?" → [["olaf", "iv"], ["vell"]]). */
function nameRuns(question: string): string[][] {
  const { proper } = properWords(question);
  const runs: string[][] = [];
  let run: string[] = [];
  for (const m of question.matchAll(/[\p{L}\p{N}]+(?:[.'’-][\p{L}\p{N}]+)*/gu)) {
    const word = casedWord(m[0].toLowerCase());
    if (proper.has(word)) {
      run.push(word);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

const NAME_CONNECTORS = new Set(['of', 'de', 'du', 'da', 'del', 'di', 'von', 'van', 'the', 'al', 'bin', 'la', 'le']);

/**
 * The short answer to `question` from the sentence(s) a citation quotes, or null when the
 * question asks for no phrase of a known kind or the quote holds none it does not already name.
 */
export function shortAnswerFor(
  question: string,
  citation: Citation | undefined,
  index: Pick<CorpusIndex, 'units' | 'entities' | 'termStats'>,
  weights: Record<ShortFeature, number>,
  known: string[] = [],
): string | null {
  const kind = askedKind(question);
  if (!kind || !citation) return null;
  const id = paragraphId(index, citation);
  if (id < 0) return null;
  const paragraph = index.units.paragraphs[id]!;
  const quoted = quotedPart(paragraph, citation.quote);
  if (!quoted) return null;
  const countries = countryNames(index.termStats.places);
  const people = peopleOf(index.termStats.nameParts);
  return pickShortAnswer(
    { kind, text: paragraph.text, entities: index.entities[id] ?? [], ...quoted, question, known, countries, people },
    weights,
  );
}

/** An answer that opens with its answer phrase: "Lyon — The minister met … [¶2]". */
export function leadWith(shortAnswer: string | null, answer: string): string {
  return shortAnswer ? `${shortAnswer} — ${answer}` : answer;
}
