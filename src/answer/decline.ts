/**
 * Whether the best window answers the question at all. A logistic model over what an honest
 * reader checks: are the question's key terms (names, numbers, rare words) in the window and its
 * paragraph, does the corpus know the words at all, how much of the question the window covers.
 * Weights and threshold come from `npm run fit`, chosen so that at most 5% of answerable
 * training questions are declined.
 */
import { dot, type DeclineFeature, type FittedParams } from '../params/fitted.js';
import { windowCoverage, type QuestionAnalysis, type WindowCandidate } from './features.js';

const FOUND = 0.9;

export function declineFeatures(a: QuestionAnalysis, w: WindowCandidate): Record<DeclineFeature, number> {
  const ap = a.paragraphs[w.paragraph]!;
  const { support, cover, dense } = windowCoverage(a, w.paragraph, w.start, w.end);
  const n = ap.candidate.paragraph.sentences.length;
  const maxShare = Math.max(0, ...a.share);
  let missingP = 0;
  let missingName = 0;
  let missingNumber = 0;
  let unknown = 0;
  let unknownName = 0;
  a.terms.forEach((term, t) => {
    const row = ap.matches[t]!;
    let inParagraph = 0;
    for (let s = 0; s < n; s++) {
      inParagraph = Math.max(inParagraph, row[s]!);
    }
    const key = maxShare > 0 ? a.share[t]! / maxShare : 0;
    missingP = Math.max(missingP, key * (1 - inParagraph));
    if (term.proper && inParagraph < FOUND) missingName = 1;
    if (/\d/.test(term.word) && inParagraph < FOUND) missingNumber = 1;
    if (term.df === 0) {
      unknown += a.share[t]!;
      if (term.proper) unknownName = 1;
    }
  });
  return {
    support,
    cover,
    missing_p: missingP,
    missing_name: missingName,
    missing_number: missingNumber,
    unknown,
    unknown_name: unknownName,
    dense,
    // What the window chooser saw: the wanted kind of answer absent, or the role of a "who is" question.
    type_missing: w.features.typed < 0 ? 1 : 0,
    role_missing: w.features.role < 0 ? 1 : 0,
  };
}

/** The decline model's logit: answer when it reaches the fitted threshold. */
export function answerLogit(features: Record<DeclineFeature, number>, params: FittedParams['decline']): number {
  return params.bias + dot(params.weights, features);
}
