/**
 * Features of candidate paragraphs and of their windows (one or two consecutive sentences): the
 * inputs of the fitted reranker, window chooser and decline model. Pure and article-agnostic:
 * they know words, their weights and what kind of answer a question wants, nothing else.
 */
import type { Paragraph } from '../domain/types.js';
import type { RankFeature, WindowFeature } from '../params/fitted.js';
import {
  answerKindTerms,
  countedMeasure,
  countedNoun,
  countsNoun,
  coarseType,
  expectedAnswerType,
  withoutGiven,
  hasAmount,
  hasAnswerType,
  wantsAmount,
  type AnswerType,
} from './answer-type.js';
import { asksForSpeech, asksWhatSomeoneSaid, hasSpeaker, hasSpeech, speakersAskedAbout, speaksAnywhere } from './speech.js';
import { stemTerm } from '../text/tokens.js';
import { writtenNames } from '../text/names.js';
import { wantsAffirmed } from '../text/negation.js';
import { rawSimilarity, type MatchSettings, type QueryTerm } from './support.js';
import type { ViewCache } from './text-view.js';
import { coverage, EXACT, readSentences, typedSentences } from './sentence-matches.js';

/** A candidate paragraph with what the retrievers said about it. */
export interface CandidateParagraph {
  paragraph: Paragraph;
  /** Title of its document: the names there are what every paragraph is about. */
  title?: string;
  bm25: number;
  denseP: number;
  denseS: number;
  /** Dense cosine per sentence index, where the dense retriever returned it. */
  dense: Map<number, number>;
}

export interface AnalyzedParagraph {
  candidate: CandidateParagraph;
  /** Question terms × sentences: 1 exact, 0.9 same root, up to `softMax` by word vectors. */
  matches: number[][];
  /** Per sentence: has the wanted kind of answer next to an exact term match (true when no kind is wanted). */
  typed: boolean[];
  /**
   * Per sentence: states what the question cannot be answered without, beyond what it gives
   * itself: an amount for one that wants an amount (`wantsAmount`), a year for "what year";
   * true for every other question.
   */
  required: boolean[];
  /** Per sentence of a "what day / date" question: names a day next to an exact term match (other questions: undefined). */
  daily: boolean[] | undefined;
  /** Question words the corpus never uses × sentences: their best word-vector cosine (others 0). */
  near: number[][];
  /** "What did X say …" and the paragraph has X speaking ("X said", "said X", "according to X"). */
  speaker: boolean;
  features: Record<RankFeature, number>;
}

export interface QuestionAnalysis {
  question: string;
  terms: QueryTerm[];
  /** Term weights normalised to sum to 1. */
  share: number[];
  /** The kind of answer the question asks for (a quantity, a time, a place), if any. */
  answerType: AnswerType | undefined;
  /** "What day / date …": a time that names no day ("next week") does not answer it. */
  wantsDay: boolean;
  /** The names the question asks about, as written. */
  names: string[];
  /** "What did X say …", X named, and no candidate paragraph has X speaking: nothing here answers it. */
  unheard: boolean;
  paragraphs: AnalyzedParagraph[];
}

export interface WindowCandidate {
  /** Index into `QuestionAnalysis.paragraphs`. */
  paragraph: number;
  start: number;
  /** Exclusive. */
  end: number;
  features: Record<WindowFeature, number>;
}

/** Term-by-sentence matches and paragraph features of every candidate. */
export function analyzeCandidates(
  question: string,
  terms: QueryTerm[],
  candidates: CandidateParagraph[],
  views: ViewCache,
  match: MatchSettings,
  corpusParagraphs: number,
  /** The question with the corpus's capitals where it was typed without any (`recased`). */
  cased = question,
): QuestionAnalysis {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  const share = terms.map((t) => (total > 0 ? t.weight / total : 0));
  const type = expectedAnswerType(question);
  const coarse = coarseType(type);
  const kinds = answerKindTerms(question);
  const maxBm25 = Math.max(0, ...candidates.map((c) => c.bm25));
  // BM25's own order: 1 for its best paragraph, 1/2 for the next…, 0 when it did not match.
  const bm25Rank = new Map(
    candidates
      .filter((c) => c.bm25 > 0)
      .sort((x, y) => y.bm25 - x.bm25)
      .map((c, i) => [c, 1 / (i + 1)]),
  );
  // IDF alone (no English rarity): the weighting BM25 itself uses, for sentence-level matching.
  const idfs = terms.map((t) => Math.log(1 + (corpusParagraphs - t.df + 0.5) / (t.df + 0.5)));
  const idfTotal = idfs.reduce((s, x) => s + x, 0);
  const idfShare = idfs.map((x) => (idfTotal > 0 ? x / idfTotal : 0));
  const proper = terms.flatMap((t, i) => (t.proper ? [i] : []));
  const speech = asksForSpeech(question);
  const saying = asksWhatSomeoneSaid(question);
  // Neighbouring question terms ("battle … Hastings"): found side by side, they name the same thing.
  const bigrams = terms.slice(1).map((t, i) => `${terms[i]!.stem}\0${t.stem}`);
  // Typed in lower case, a question's names are the words the corpus always capitalises.
  const properNames = terms.filter((t) => t.proper).map((t) => t.word);
  const names = properNames.length > 0 ? properNames : writtenNames(cased);
  const unstated = withoutGiven(cased, names);
  const amountWanted = wantsAmount(question);
  const measure = countedMeasure(question);
  const measureStem = measure === undefined ? undefined : stemTerm(measure);
  const counted = countedNoun(question);
  const countedStem = counted === undefined ? undefined : stemTerm(counted);
  // Ranking reads what sentences affirm (`wantsAffirmed`): "he has no plans to visit X" is no
  // paragraph for "which countries is he visiting". Windows and declines read every word, as the
  // quote shows them all.
  const affirmedOnly = wantsAffirmed(question);
  const reader = { terms, views, match, kinds, unstated };
  const paragraphs = candidates.map((candidate): AnalyzedParagraph => {
    const p = candidate.paragraph;
    const { stated, affirmed } = readSentences(p, reader, affirmedOnly);
    const { matches } = stated;
    const near = terms.map((term) => stated.views.map((v) => (term.df === 0 ? rawSimilarity(term, v) : 0)));
    const bigramS =
      bigrams.length === 0 ? 0 : Math.max(0, ...affirmed.views.map((v) => bigrams.filter((b) => v.pairs.has(b)).length)) / bigrams.length;
    const typed = typedSentences(stated, coarse, unstated);
    const required = stated.texts.map((text) => {
      if (type === 'year') return hasAnswerType(unstated(text), 'year');
      if (!amountWanted) return true;
      const said = unstated(text);
      return hasAmount(said) && (measureStem === undefined || countsNoun(said, measureStem, true));
    });
    const daily = type === 'day' ? typedSentences(stated, 'day', unstated) : undefined;
    // Ranking reads the grain a time question asks for ("what day": "next week" names none).
    const typedFine = affirmed === stated && type === coarse ? typed : typedSentences(affirmed, type, unstated);
    const ranked = affirmed.matches;
    const n = p.sentences.length;
    let coverS = 0;
    let cover2 = 0;
    let idfS = 0;
    for (let s = 0; s < n; s++) {
      coverS = Math.max(coverS, coverage(share, ranked, s, s + 1, false));
      idfS = Math.max(idfS, coverage(idfShare, ranked, s, s + 1, true));
      cover2 = Math.max(cover2, coverage(share, ranked, s, Math.min(n, s + 2), false));
    }
    // The paragraph-wide check covers each of its sentences: attribution never crosses a full stop.
    const speaker = speech && hasSpeaker(p.text, names);
    const speakerAsked = saying && speaker;
    const namesFound = proper.filter((t) => ranked[t]!.some((m) => m >= EXACT)).length;
    return {
      candidate,
      matches,
      typed,
      required,
      daily,
      near,
      speaker: speakerAsked,
      features: {
        bm25: maxBm25 > 0 ? candidate.bm25 / maxBm25 : 0,
        bm25_rr: bm25Rank.get(candidate) ?? 0,
        dense_p: candidate.denseP,
        dense_s: candidate.denseS,
        cover_p: coverage(share, ranked, 0, n, false),
        cover_s: coverS,
        cover_2: cover2,
        idf_s: idfS,
        bigram_s: bigramS,
        names_p: proper.length === 0 ? 1 : namesFound / proper.length,
        typed_p: !type ? 0 : typedFine.some(Boolean) ? 1 : -1,
        // "What did X say …": a paragraph that quotes or reports X speaking.
        speech_p: speech ? (hasSpeech(p.text) ? 1 : 0) + (speaker ? 1 : 0) : 0,
        // Lead position: a document's opening paragraphs state its main facts (news "inverted pyramid").
        lead: 1 / p.n,
        // "How many firefighters …": a number right before the noun counted ("850 firefighters"),
        // not any number near the word ("75 percent of firefighting costs").
        counted_p: countedStem === undefined ? 0 : p.sentences.some((s) => countsNoun(unstated(s.text), countedStem)) ? 1 : 0,
      },
    };
  });
  // "What did the mayor of Tarn say …" needs Tarn's mayor speaking somewhere.
  const sayer = speakersAskedAbout(cased, names);
  const unheard =
    sayer !== undefined &&
    !speaksAnywhere(
      candidates.map((c) => c.paragraph.text),
      sayer,
    );
  return { question, terms, share, answerType: coarse, wantsDay: type === 'day', names, unheard, paragraphs };
}
