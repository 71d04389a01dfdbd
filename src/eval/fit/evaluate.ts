/** Outcomes and figures of fitted parameters on analysed questions (what `ask` would answer). */
import { decide } from '../../answer/decide.js';
import type { FittedParams } from '../../params/fitted.js';
import { quoteOf } from '../../answer/extractive.js';
import { figuresOf, type Outcome, type QualityFigures } from '../quality/metrics.js';
import type { Analysed } from './data.js';

export function outcomeOf(a: Analysed, params: FittedParams): Outcome & { logit: number } {
  const d = decide(a.analysis, params);
  const paragraphs = a.analysis.paragraphs.map((p) => p.candidate.paragraph);
  const ranking = d.order.map((i) => paragraphs[i]!.n);
  const w = d.window;
  if (!w || !d.answerable || a.creative) return { ranking, declined: true, answer: '', cited: [], logit: d.logit };
  const p = paragraphs[w.paragraph]!;
  return { ranking, declined: false, answer: quoteOf(p, w.start, w.end), cited: [p.n], logit: d.logit };
}

export function figuresFor(data: Analysed[], params: FittedParams): QualityFigures {
  return figuresOf(
    data.map((a) => a.case),
    data.map((a) => outcomeOf(a, params)),
  );
}
