/** Outcomes and figures of fitted parameters on analysed questions (what `ask` would answer). */
import { askedKind } from '../../answer/asked-kind.js';
import { decide, type Decision } from '../../answer/decide.js';
import type { FittedParams } from '../../params/fitted.js';
import { quoteOf } from '../../answer/extractive.js';
import { pickShortAnswer, type ShortAnswerInput } from '../../answer/short-answer.js';
import { quotedPart } from '../../answer/quoted-part.js';
import { figuresOf, type Outcome, type QualityFigures } from '../quality/metrics.js';
import type { Analysed } from './data.js';

export function outcomeOf(a: Analysed, params: FittedParams): Outcome & { logit: number } {
  const d = decide(a.analysis, params);
  const paragraphs = a.analysis.paragraphs.map((p) => p.candidate.paragraph);
  const ranking = d.order.map((i) => paragraphs[i]!.n);
  const w = d.window;
  if (!w || !d.answerable || a.creative) return { ranking, declined: true, answer: '', cited: [], logit: d.logit };
  const p = paragraphs[w.paragraph]!;
  const input = shortAnswerInput(a, d);
  const short = input ? pickShortAnswer(input, params.short.weights) : undefined;
  return { ranking, declined: false, answer: quoteOf(p, w.start, w.end), cited: [p.n], logit: d.logit, ...(input ? { short } : {}) };
}

/** What the answer phrase is picked from, for the window a decision quotes (undefined when no kind of phrase is asked). */
export function shortAnswerInput(a: Analysed, d: Decision): ShortAnswerInput | undefined {
  const kind = askedKind(a.cased);
  const w = d.window;
  if (!kind || !w) return undefined;
  const p = a.analysis.paragraphs[w.paragraph]!.candidate.paragraph;
  const quoted = quotedPart(p, quoteOf(p, w.start, w.end));
  return (
    quoted && {
      kind,
      text: p.text,
      entities: a.entities[w.paragraph] ?? [],
      ...quoted,
      question: a.cased,
      countries: a.countries,
      people: a.people,
    }
  );
}

export function figuresFor(data: Analysed[], params: FittedParams): QualityFigures {
  return figuresOf(
    data.map((a) => a.case),
    data.map((a) => outcomeOf(a, params)),
  );
}
