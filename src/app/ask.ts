import type { Logger } from 'pino';
import type { EmbeddingsBundle } from '../embeddings/factory.js';
import type { CorpusIndex } from '../index/build.js';
import { passageOf } from '../corpus/passage.js';
import { answerExtractively, type CandidateParagraph } from '../answer/extractive.js';
import {
  addsToPrevious,
  preferNewAnswer,
  quoteCoverage,
  resolveFollowUp,
  standsAlone,
  type ResolvedQuestion,
} from '../answer/follow-up.js';
import { askedKind } from '../answer/asked-kind.js';
import { asksForSpeech } from '../answer/speech.js';
import { withSpeaker } from '../answer/attribution.js';
import { leadWith, shortAnswerFor } from '../answer/short-answer.js';
import { analyzeQuery, type QueryTerm } from '../answer/support.js';
import type { ViewCache } from '../answer/text-view.js';
import type { WordModel } from '../domain/ports.js';
import { POOL, retrieveCandidates } from '../retrieval/retriever.js';
import { MIN_RETRIEVED, toCandidates } from './candidates.js';
import { fittedParams, type FittedParams } from '../params/fitted.js';
import { UserError } from '../domain/errors.js';
import { recased } from '../text/names.js';
import type { RoleHolders } from '../text/roles.js';
import { splitLeadIn, withoutEventFrame } from '../text/question-focus.js';
import { contentTerms, stemTerm } from '../text/tokens.js';
import { correctQuestion } from '../text/typos.js';
import { validateQuestion } from '../domain/question.js';
import type { AskOptions, LlmLayer } from '../domain/ports.js';
import type { AskResult, Citation, Passage } from '../domain/types.js';

export interface AskDeps {
  index: CorpusIndex;
  embeddings: EmbeddingsBundle;
  words: WordModel;
  /** Per-sentence word views, reused across questions. */
  views: ViewCache;
  maxQuestionChars: number;
  llm?: LlmLayer;
  log: Logger;
  /** Fitted ranking, answer and decline parameters (the shipped ones by default). */
  params?: FittedParams;
}

/** Words this frequent in English are real words, never typos to correct. */
const COMMON_WORD_RANK = 50_000;
const HISTORY_TERM_WEIGHT = 0.5;
/** A quote holding every term of the question is trusted over a model's decline. */
const STRONG_SUPPORT = 1;

export interface Retrieval {
  /** The question's weighted content terms (of the standalone query). */
  terms: QueryTerm[];
  /** Candidate paragraphs with their retrieval signals. */
  candidates: CandidateParagraph[];
}

/**
 * Query → typo correction → candidate retrieval → weighted terms: everything the extractive
 * answerer needs. `context` is the part of `query` that came from earlier turns (its terms
 * count less). Exported for the fitting script, which must see exactly what `ask` sees.
 */
export async function retrieveFor(
  question: string,
  standalone: string,
  context: string | undefined,
  doc: string | undefined,
  deps: Pick<AskDeps, 'index' | 'embeddings' | 'words'>,
  params: FittedParams,
  lead = '',
): Promise<Retrieval> {
  const { index, words } = deps;
  // Likely typos become the corpus words they resemble ("comerce" → "commerce").
  const query = correctQuestion(withoutEventFrame(standalone), index.termStats, stemTerm, (word) => {
    const rank = deps.embeddings.glove.rankOf(word);
    return rank >= 0 && rank < COMMON_WORD_RANK;
  });
  const queryVector = await deps.embeddings.embedQuery(query);
  if (doc !== undefined && !index.units.documents.some((d) => d.id === doc)) {
    throw new UserError(`No document "${doc}". Documents: ${index.units.documents.map((d) => d.id).join(', ')}.`);
  }
  const retrieved = retrieveCandidates(index, query, queryVector, { ...POOL, bm25: params.retrieval.bm25 }, doc);
  const df = (stem: string) => index.termStats.df[stem] ?? 0;
  let terms = analyzeQuery(query, words, df, index.termStats.paragraphs, params.match.idfFloor, {
    ...index.termStats,
    roles: rolesOf(index),
  });
  if (context) {
    const stemsOf = (text: string) =>
      new Set(analyzeQuery(text, words, df, index.termStats.paragraphs, params.match.idfFloor).map((t) => t.stem));
    const own = stemsOf(question);
    // Context words the corpus never uses ("ok", "quick" in a chatty lead-in) cannot point at a
    // paragraph; counted, they would only make every window look less supported.
    terms = terms.filter((t) => own.has(t.stem) || t.df > 0);
    for (const t of terms) if (!own.has(t.stem)) t.weight *= HISTORY_TERM_WEIGHT;
    // Words of an earlier turn, not typed in this message (its lead-in is the user's own).
    const typed = lead ? stemsOf(`${lead} ${question}`) : own;
    for (const t of terms) if (!typed.has(t.stem)) t.borrowed = true;
    // A name borrowed from an earlier turn is context: the surname standing for it elsewhere
    // would make a paragraph look as if it answered the follow-up's own question.
    for (const t of terms) if (t.borrowed) delete t.surnames;
  }
  return { terms, candidates: toCandidates(index, retrieved, queryVector, doc) };
}

/** A chatty lead-in rides along with the query, as weaker context, like an earlier turn's words. */
export function withLeadIn(resolved: ResolvedQuestion, lead: string): { query: string; context?: string } {
  if (!lead) return resolved.context === undefined ? { query: resolved.query } : { query: resolved.query, context: resolved.context };
  return { query: `${lead} ${resolved.query}`, context: resolved.context ? `${lead} ${resolved.context}` : lead };
}

/**
 * The question proper and its chatty lead-in; and the question with the capitals of the names
 * the corpus writes when it was typed without any (`recased`: "who is ada okafor" → "who is Ada
 * Okafor"), which is what tells "who is <name>" (a role is asked for) from "who …" (a name).
 */
export function focusOf(asked: string, index: Pick<CorpusIndex, 'termStats'>): { question: string; lead: string; cased: string } {
  const { question, lead } = splitLeadIn(asked);
  return { question, lead, cased: recased(question, index.termStats.capitalised) };
}

/** adapter → here → retriever → answerer → citations: one question, end to end. */
export async function answerQuestion(rawQuestion: string, options: AskOptions, deps: AskDeps): Promise<AskResult> {
  const started = performance.now();
  const asked = validateQuestion(rawQuestion, deps.maxQuestionChars);
  // The question proper drives the answer; the reply and the model see it as it was asked.
  const { question, lead, cased } = focusOf(asked, deps.index);
  const history = options.history ?? [];
  const { index } = deps;
  const params = deps.params ?? fittedParams();

  let resolved: ResolvedQuestion = { query: question };
  if (history.length > 0) {
    if (deps.llm)
      resolved = { query: await deps.llm.condense({ question, history, ...(options.signal ? { signal: options.signal } : {}) }) };
    else
      resolved = resolveFollowUp(question, history, (turn) =>
        shortAnswerFor(turn.question, turn.citations?.[0], index, params.short.weights),
      );
  }
  const { previous } = resolved;
  const { query, context } = withLeadIn(resolved, lead);
  const { terms, candidates } = await retrieveFor(question, query, context, options.doc, deps, params, lead);
  const retrieveMs = performance.now() - started;

  const multiDoc = index.units.documents.length > 1;
  const kind = askedKind(cased);
  const paragraphOf = (ref: { doc: string; paragraph: number }) =>
    candidates.find((c) => c.paragraph.doc === ref.doc && c.paragraph.n === ref.paragraph)?.paragraph;
  const answer = (among: CandidateParagraph[], overrideDecline = false) => {
    const a = answerExtractively(question, terms, among, deps.views, {
      multiDoc,
      params,
      corpusParagraphs: index.termStats.paragraphs,
      overrideDecline,
      cased,
      asked,
      ownTermsDecide: previous !== undefined && standsAlone(terms),
    });
    return kind && asksForSpeech(question) ? withSpeaker(a, paragraphOf, multiDoc) : a;
  };
  const first = answer(candidates);
  const known = previous?.known ?? [];
  // The follow-up checks and the reply read the same citations' answer phrases: find each once.
  const phrases = new Map<Citation, string | null>();
  const phraseOf = (c: Citation) => {
    if (!phrases.has(c)) phrases.set(c, shortAnswerFor(cased, c, index, params.short.weights, known));
    return phrases.get(c)!;
  };
  // A new name for "which stadium?" is no evidence that the text names a stadium.
  const fresh = (c: Citation) => !kind || (!kind.generic && phraseOf(c) !== null);
  const extractive = previous
    ? preferNewAnswer(first, previous.citations, answer, candidates, {
        question: asked,
        adds: (a) => addsToPrevious(a, question, previous.citations, fresh),
        coverage: (a) => quoteCoverage(a, resolved),
        ownWords: contentTerms(question).length,
        // A follow-up that asks for no kind of phrase ("What is his job?") is never judged stale.
        fresh: (a) => !kind || (!!a.citations[0] && fresh(a.citations[0])),
      })
    : first;
  const quoted = extractive.answerable ? extractive.citations[0] : undefined;
  const short = quoted ? phraseOf(quoted) : null;
  const result: AskResult = {
    question: asked,
    answer: leadWith(short, extractive.answer),
    short_answer: short,
    answerable: extractive.answerable,
    citations: extractive.citations,
    related: extractive.related,
    retrieved: extractive.ranking.slice(0, MIN_RETRIEVED),
    mode: 'extractive',
    timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
  };

  if (deps.llm) {
    const passages = toPassages(index, extractive.ranking.slice(0, 6));
    const generated = await deps.llm.answer({
      question: asked,
      passages,
      history,
      extractive: result,
      multiDoc,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onToken ? { onToken: options.onToken } : {}),
    });
    // Never worse than extractive: a model that declines what a quote answers strongly loses.
    const overrulesStrongQuote =
      generated.mode === 'llm' && !generated.answerable && result.answerable && extractive.support >= STRONG_SUPPORT;
    if (overrulesStrongQuote) {
      result.model = generated.model ?? deps.llm.model;
      result.note = 'The model found no answer in the passages; showing the sentence that matches the question best.';
    } else {
      Object.assign(result, generated);
      // The model words its own answer; the answer phrase comes from the sentence it cites.
      const cited = generated.answerable ? generated.citations[0] : undefined;
      result.short_answer = cited ? phraseOf(cited) : null;
    }
  }
  const totalMs = performance.now() - started;
  result.timings = { retrieveMs: round(retrieveMs), answerMs: round(totalMs - retrieveMs), totalMs: round(totalMs) };
  return result;
}

export function toPassages(index: CorpusIndex, ranking: { doc: string; paragraph: number; score: number }[]): Passage[] {
  return ranking.map((r) => {
    const doc = index.units.documents.find((d) => d.id === r.doc)!;
    return passageOf(doc, doc.paragraphs[r.paragraph - 1]!, r.score);
  });
}

const round = (x: number) => Math.round(x * 100) / 100;

const rolesByIndex = new WeakMap<CorpusIndex, RoleHolders>();

/** The roles the corpus gives its people, as read at ingest, by role word. */
function rolesOf(index: CorpusIndex): RoleHolders {
  let roles = rolesByIndex.get(index);
  if (!roles) rolesByIndex.set(index, (roles = new Map(Object.entries(index.termStats.roles ?? {}))));
  return roles;
}
