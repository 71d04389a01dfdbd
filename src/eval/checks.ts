/**
 * Per-case checks: pure functions of a case, the core's result and the corpus text.
 *
 * Gating checks (a case passes when all hold):
 *  - decline: an unanswerable case is declined, an answerable one is not;
 *  - facts: an answerable case's answer has every expected fact (any alternative, case-insensitive);
 *  - forbidden: the answer contains none of `must_not_include`;
 *  - citation validity: every cited paragraph exists and contains the quote;
 *  - support: an answered answerable case cites something, and at least one gold paragraph when
 *    the case has gold paragraphs.
 * Retrieval rank and citation precision are measured but do not gate a case: gold lists name the
 * paragraphs that state the fact, and citing an extra, related paragraph is a quality signal for
 * the summary thresholds rather than a wrong answer.
 */
import type { AskResult, Citation, ParagraphRef } from '../domain/types.js';
import { hasFact, normalizeText, quoteInParagraph } from './text.js';
import type { CaseChecks, EvalCase, InvalidCitation, ParagraphTextFn } from './types.js';

export interface CheckContext {
  paragraphText: ParagraphTextFn;
  /** Wall time around `ask`, used when the result carries no `timings.totalMs`. */
  wallMs?: number;
  /** Message of the error `ask` threw (the result is then null). */
  error?: string;
}

export function checkCase(c: EvalCase, result: AskResult | null, ctx: CheckContext): CaseChecks {
  if (result === null) return errorChecks(c, ctx);
  const isGold = (ref: ParagraphRef): boolean => (c.doc === undefined || ref.doc === c.doc) && c.citations.includes(ref.paragraph);
  const graded = c.answerable && c.citations.length > 0;
  const declined = result.answerable === false;
  const answer = typeof result.answer === 'string' ? result.answer : '';

  const missing = c.answerable ? c.expected.filter((fact) => !hasFact(answer, fact)) : [];
  const factsOk = c.answerable ? !declined && missing.length === 0 : null;

  const forbiddenFound = c.must_not_include.filter((s) => normalizeText(answer).includes(normalizeText(s)));
  const forbiddenOk = c.must_not_include.length > 0 ? forbiddenFound.length === 0 : null;

  const retrieved = uniqueRefs(result.retrieved ?? []);
  const goldAt = retrieved.findIndex(isGold);
  const rank = graded ? goldAt + 1 : null;

  const citations = result.citations ?? [];
  const cited = uniqueRefs(citations);
  const citedGold = cited.filter(isGold).length;
  const answeredGraded = graded && !declined;
  const invalid = invalidCitations(citations, ctx.paragraphText);

  const checks: CaseChecks = {
    declined,
    decline_ok: declined !== c.answerable,
    facts_ok: factsOk,
    missing_facts: missing,
    forbidden_ok: forbiddenOk,
    forbidden_found: forbiddenFound,
    retrieval_rank: rank,
    hit_at_1: rank === null ? null : rank === 1,
    hit_at_3: rank === null ? null : rank >= 1 && rank <= 3,
    reciprocal_rank: rank === null ? null : rank === 0 ? 0 : 1 / rank,
    cited: cited.map((r) => r.paragraph),
    citation_precision: answeredGraded && cited.length > 0 ? citedGold / cited.length : null,
    citation_all_gold: answeredGraded && cited.length > 0 ? citedGold === cited.length : null,
    citation_recall: graded ? !declined && citedGold > 0 : null,
    citation_gold_coverage: graded ? (declined ? 0 : goldCoverage(c, cited, isGold)) : null,
    citations_valid: invalid.length === 0,
    invalid_citations: invalid,
    latency_ms: latencyOf(result, ctx.wallMs),
    error: null,
    failures: [],
  };
  checks.failures = failuresOf(c, checks);
  return checks;
}

function failuresOf(c: EvalCase, k: CaseChecks): string[] {
  const out: string[] = [];
  if (!k.decline_ok) out.push(c.answerable ? 'declined an answerable question' : 'answered an unanswerable question');
  if (k.facts_ok === false && !k.declined) {
    out.push(`missing fact${k.missing_facts.length > 1 ? 's' : ''}: ${k.missing_facts.map((f) => f.join(' | ')).join('; ')}`);
  }
  if (k.forbidden_ok === false) out.push(`forbidden content: ${k.forbidden_found.join('; ')}`);
  for (const bad of k.invalid_citations) {
    out.push(
      `invalid citation ¶${bad.paragraph}${bad.reason === 'quote-not-found' ? ' (quote not in paragraph)' : ' (no such paragraph)'}`,
    );
  }
  if (c.answerable && !k.declined) {
    if (k.cited.length === 0) out.push('answer cites no paragraph');
    else if (k.citation_recall === false) {
      out.push(
        `no gold paragraph cited (cited ${k.cited.map((n) => `¶${n}`).join(', ')}; gold ${c.citations.map((n) => `¶${n}`).join(' or ')})`,
      );
    }
  }
  return out;
}

function errorChecks(c: EvalCase, ctx: CheckContext): CaseChecks {
  const graded = c.answerable && c.citations.length > 0;
  return {
    declined: false,
    decline_ok: false,
    facts_ok: c.answerable ? false : null,
    missing_facts: c.answerable ? c.expected : [],
    forbidden_ok: c.must_not_include.length > 0 ? true : null,
    forbidden_found: [],
    retrieval_rank: graded ? 0 : null,
    hit_at_1: graded ? false : null,
    hit_at_3: graded ? false : null,
    reciprocal_rank: graded ? 0 : null,
    cited: [],
    citation_precision: null,
    citation_all_gold: null,
    citation_recall: graded ? false : null,
    citation_gold_coverage: graded ? 0 : null,
    citations_valid: true,
    invalid_citations: [],
    latency_ms: ctx.wallMs ?? null,
    error: ctx.error ?? 'no result',
    failures: [`ask failed: ${ctx.error ?? 'no result'}`],
  };
}

/** Unique paragraphs in first-seen order (the scorer's "unique retrieved paragraphs"). */
function uniqueRefs(refs: readonly ParagraphRef[]): ParagraphRef[] {
  const seen = new Set<string>();
  const out: ParagraphRef[] = [];
  for (const r of refs) {
    const key = `${r.doc}\u0000${Number(r.paragraph)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ doc: r.doc, paragraph: Number(r.paragraph) });
  }
  return out;
}

function goldCoverage(c: EvalCase, cited: ParagraphRef[], isGold: (r: ParagraphRef) => boolean): number {
  const covered = new Set(cited.filter(isGold).map((r) => r.paragraph));
  return covered.size / c.citations.length;
}

function invalidCitations(citations: readonly Citation[], paragraphText: ParagraphTextFn): InvalidCitation[] {
  const out: InvalidCitation[] = [];
  for (const cite of citations) {
    const text = paragraphText(cite.doc, Number(cite.paragraph));
    if (text === undefined) out.push({ doc: cite.doc, paragraph: cite.paragraph, reason: 'no-such-paragraph' });
    else if (!quoteInParagraph(String(cite.quote ?? ''), text)) {
      out.push({ doc: cite.doc, paragraph: cite.paragraph, reason: 'quote-not-found' });
    }
  }
  return out;
}

function latencyOf(result: AskResult, wallMs: number | undefined): number | null {
  const total = result.timings?.totalMs;
  if (typeof total === 'number' && Number.isFinite(total) && total >= 0) return total;
  return wallMs ?? null;
}
