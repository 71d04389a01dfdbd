/**
 * What the fit learns from: every question of a benchmark analysed exactly as `ask` analyses it
 * (same retrieval, same terms, same features), under given retrieval and matching parameters.
 */
import { focusOf, retrieveFor, withLeadIn } from '../../app/ask.js';
import { isCreativeRequest } from '../../answer/answer-type.js';
import { quoteOf } from '../../answer/extractive.js';
import { countryNames, paragraphEntities } from '../../answer/quoted-part.js';
import { peopleOf } from '../../answer/organisations.js';
import type { Entity } from '../../domain/types.js';
import { analyzeCandidates, type QuestionAnalysis, type WindowCandidate } from '../../answer/features.js';
import { windowsOf } from '../../answer/windows.js';
import type { FittedParams } from '../../params/fitted.js';
import { validateQuestion } from '../../domain/question.js';
import { hasFact } from '../text.js';
import type { EvalCase } from '../types.js';
import type { Workspace } from '../quality/workspace.js';

export interface Analysed {
  benchmark: string;
  case: EvalCase;
  analysis: QuestionAnalysis;
  /** The question as the answer phrase reads it (`focusOf`'s `cased`). */
  cased: string;
  /** Windows of every candidate paragraph (features with `para` = 0, filled in per model). */
  windows: WindowCandidate[][];
  /** Per window of `windows`: its quote contains every expected fact and its paragraph is gold. */
  correct: boolean[][];
  /** Per candidate paragraph: gold. */
  gold: boolean[];
  /** Per candidate paragraph: its entities (found at ingest), for the answer phrase. */
  entities: Entity[][];
  /** The countries the corpus names, for "which country …" answer phrases. */
  countries: ReadonlySet<string>;
  /** The corpus's people's name stems, for "which company …" answer phrases. */
  people: ReadonlySet<string>;
  creative: boolean;
}

export async function analyseBenchmark(ws: Workspace, params: FittedParams): Promise<Analysed[]> {
  const out: Analysed[] = [];
  const countries = countryNames(ws.deps.index.termStats.places);
  const people = peopleOf(ws.deps.index.termStats.nameParts);
  for (const c of ws.benchmark.cases) {
    const { question, lead, cased } = focusOf(validateQuestion(c.question, ws.deps.maxQuestionChars), ws.deps.index);
    const { query, context } = withLeadIn({ query: question }, lead);
    const { terms, candidates } = await retrieveFor(question, query, context, c.doc, ws.deps, params);
    const analysis = analyzeCandidates(question, terms, candidates, ws.deps.views, params.match, ws.deps.index.termStats.paragraphs, cased);
    const windows = analysis.paragraphs.map((_, i) => windowsOf(analysis, i, 0));
    const gold = analysis.paragraphs.map((p) => c.answerable && c.citations.includes(p.candidate.paragraph.n));
    const correct = windows.map((ws_, i) =>
      ws_.map((w) => {
        if (!gold[i]) return false;
        const quote = quoteOf(analysis.paragraphs[i]!.candidate.paragraph, w.start, w.end);
        return c.expected.every((fact) => hasFact(quote, fact));
      }),
    );
    const entities = analysis.paragraphs.map((p) =>
      paragraphEntities(ws.deps.index, { doc: p.candidate.paragraph.doc, paragraph: p.candidate.paragraph.n }),
    );
    out.push({
      benchmark: ws.benchmark.name,
      case: c,
      analysis,
      cased,
      windows,
      correct,
      gold,
      entities,
      countries,
      people,
      creative: isCreativeRequest(question),
    });
  }
  return out;
}
