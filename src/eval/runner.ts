/**
 * Runs cases through an injected `ask` with bounded concurrency. Each case's checks are computed
 * as soon as its result arrives (so the progress callback can say pass/fail), records come back in
 * case order, and a throwing `ask` or judge fails only its own case. Cases not started when
 * `stop` says so are left out of the records.
 */
import type { AskResult } from '../domain/types.js';
import { checkCase } from './checks.js';
import { askInThread } from './thread.js';
import type { AskFn, CaseRecord, EvalCase, JudgeFn, ParagraphTextFn } from './types.js';

export interface RunProgress {
  done: number;
  total: number;
  record: CaseRecord;
}

export interface RunOptions {
  ask: AskFn;
  paragraphText: ParagraphTextFn;
  /** Parallel `ask` calls (≥ 1). */
  concurrency: number;
  judge?: JudgeFn;
  onProgress?: (progress: RunProgress) => void;
  /** Asked before each case starts: true leaves it and every later case unrun (a time budget). */
  stop?: () => boolean;
  /** Monotonic clock in ms; injectable for tests. */
  now?: () => number;
}

export async function runCases(cases: readonly EvalCase[], options: RunOptions): Promise<CaseRecord[]> {
  const now = options.now ?? (() => performance.now());
  const records = new Array<CaseRecord | undefined>(cases.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length && !options.stop?.()) {
      const index = next++;
      const c = cases[index] as EvalCase;
      const record = await runOne(c, options, now);
      records[index] = record;
      done += 1;
      options.onProgress?.({ done, total: cases.length, record });
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency), cases.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return records.filter((r) => r !== undefined);
}

async function runOne(c: EvalCase, options: RunOptions, now: () => number): Promise<CaseRecord> {
  const started = now();
  let result: AskResult | null = null;
  let error: string | undefined;
  try {
    result = await askInThread(options.ask, c);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const wallMs = Math.round(now() - started);
  const checks = checkCase(c, result, { paragraphText: options.paragraphText, wallMs, ...(error === undefined ? {} : { error }) });
  const record: CaseRecord = { case: c, result, checks, pass: checks.failures.length === 0 };
  if (options.judge && result !== null && result.answerable !== false) {
    record.faithfulness = await judgeOne(options.judge, result, options.paragraphText);
  }
  return record;
}

async function judgeOne(
  judge: JudgeFn,
  result: AskResult,
  paragraphText: ParagraphTextFn,
): Promise<NonNullable<CaseRecord['faithfulness']>> {
  try {
    const verdict = await judge({
      question: result.question,
      answer: result.answer,
      cited: (result.citations ?? []).map((c) => ({
        doc: c.doc,
        paragraph: c.paragraph,
        quote: c.quote,
        text: paragraphText(c.doc, c.paragraph),
      })),
    });
    const score = Number.isFinite(verdict.score) ? Math.min(1, Math.max(0, verdict.score)) : null;
    return { score, ...(verdict.reason === undefined ? {} : { reason: verdict.reason }) };
  } catch (e) {
    return { score: null, error: e instanceof Error ? e.message : String(e) };
  }
}
