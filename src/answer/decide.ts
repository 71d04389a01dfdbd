/**
 * The fitted decisions of the extractive answerer, on an analysed question: rank the candidate
 * paragraphs, choose the window to quote among the best ones, and decide whether it answers.
 * Pure; `npm run fit` calls the same functions on its training questions, so what it measures is
 * what ships.
 */
import { dot, type DeclineFeature, type FittedParams } from '../params/fitted.js';
import { answerLogit, declineFeatures, ownTermsOnly } from './decline.js';
import type { QuestionAnalysis, WindowCandidate } from './features.js';
import { windowsOf } from './windows.js';

export interface Decision {
  /** Indices into `analysis.paragraphs`, best first (the quoted paragraph first). */
  order: number[];
  /** Reranker score per analysed paragraph. */
  scores: number[];
  window?: WindowCandidate;
  decline?: Record<DeclineFeature, number>;
  /** The decline model's logit for the chosen window (−∞ without one). */
  logit: number;
  answerable: boolean;
}

export function rankScores(a: QuestionAnalysis, params: FittedParams): number[] {
  return a.paragraphs.map((p) => dot(params.rank.weights, p.features));
}

/** Best-first order of scores; ties keep retrieval order. */
export function orderOf(scores: number[]): number[] {
  return scores.map((_, i) => i).sort((x, y) => scores[y]! - scores[x]! || x - y);
}

/** The paragraphs whose windows compete for the quote: the best `n`, only speakers when some are. */
export function quotable(a: QuestionAnalysis, order: number[], n: number): number[] {
  const speakers = order.filter((i) => a.paragraphs[i]!.speaker);
  return (speakers.length > 0 ? speakers : order).slice(0, n);
}

/**
 * "What did X say …" is answered where X speaks: when some paragraphs have X speaking, they go
 * first, in score order. A rule, not a weight: in the training sets a speaker rarely appears in
 * paragraphs where they do not speak, so no fitted weight can learn it, while in news the
 * people a story is about are named throughout and quoted in one or two paragraphs.
 */
export function speakersFirst(a: QuestionAnalysis, order: number[]): number[] {
  if (!a.paragraphs.some((p) => p.speaker)) return order;
  return [...order.filter((i) => a.paragraphs[i]!.speaker), ...order.filter((i) => !a.paragraphs[i]!.speaker)];
}

/** Windows of the best `params.window.paragraphs` paragraphs, each with its fitted score. */
export function scoredWindows(a: QuestionAnalysis, scores: number[], order: number[], params: FittedParams) {
  const top = scores[order[0]!] ?? 0;
  return quotable(a, order, params.window.paragraphs)
    .flatMap((i) => windowsOf(a, i, scores[i]! - top))
    .map((w) => ({ w, score: dot(params.window.weights, w.features) }));
}

/**
 * `ownTermsDecide`, for a thread follow-up that can stand alone (`standsAlone`): the words
 * borrowed from the turn before steer which paragraph is read, but whether its window answers is
 * judged on the follow-up's own words, which the paragraph the previous answer came from is not
 * bound to hold (when the corpus uses no word of the follow-up's own, all count).
 */
export function decide(a: QuestionAnalysis, params: FittedParams, { ownTermsDecide = false } = {}): Decision {
  const scores = rankScores(a, params);
  const order = speakersFirst(a, orderOf(scores));
  if (a.terms.length === 0 || order.length === 0) return { order, scores, logit: -Infinity, answerable: false };
  const windows = scoredWindows(a, scores, order, params);
  const best = bestOf(windows);
  if (!best) return { order, scores, logit: -Infinity, answerable: false };
  // Whether to answer is judged on the best-scoring window, which the decline model was fitted on.
  const features = declineFeatures(ownTermsDecide ? ownTermsOnly(a) : a, best.w);
  const logit = answerLogit(features, params.decline);
  const window = dayQuote(a, windows, best.w);
  const cited = [window.paragraph, ...order.filter((i) => i !== window.paragraph)];
  // Questions no passage here answers, however well it matches: "What did X say …" where X
  // speaks nowhere (a paragraph that only names X); "How many …" where the quote holds no amount
  // at all (a date's numbers and the question's own are none), or none of the measure the
  // question names ("how many tons of …"); and "What year …" where it holds no year ("in May",
  // "last week" name none). Rules, not weights: in the training sets hardly any answerable
  // question meets one (a year: one of 20, answered with a weekday), so a fitted weight would
  // only be as large as the L2 penalty allows.
  const required = a.paragraphs[window.paragraph]!.required.slice(window.start, window.end);
  const unstatedNeed = (a.answerType === 'quantity' && window.features.typed < 0) || !required.some(Boolean);
  const answerable = logit >= params.decline.threshold && !a.unheard && !unstatedNeed;
  return { order: cited, scores, window, decline: features, logit, answerable };
}

function bestOf<T extends { score: number }>(candidates: T[]): T | undefined {
  let best: T | undefined;
  for (const c of candidates) if (!best || c.score > best.score) best = c;
  return best;
}

function namesDay(a: QuestionAnalysis, w: WindowCandidate): boolean {
  return a.paragraphs[w.paragraph]!.daily?.slice(w.start, w.end).some(Boolean) ?? true;
}

/**
 * "What day / date …": the best window that names a day, when the best one names none ("meet
 * next week" beside "meet on Thursday"); it is quoted instead, the decision to answer unchanged.
 * A rule, like those above: the window weights are fitted on the coarse kind (any time), which
 * "next week" already has.
 */
function dayQuote(a: QuestionAnalysis, windows: { w: WindowCandidate; score: number }[], best: WindowCandidate): WindowCandidate {
  if (!a.wantsDay || namesDay(a, best)) return best;
  return bestOf(windows.filter((c) => namesDay(a, c.w)))?.w ?? best;
}
