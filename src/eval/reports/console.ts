/** The console report (stdout) and the TTY progress bar (stderr). Plain text, no colours. */
import type { ThresholdOutcome } from '../thresholds.js';
import { SUMMARY_ROWS, formatValue, ms, paras, pct, truncate } from './format.js';
import type { ResultsJson } from './json.js';

export function renderConsole(results: ResultsJson, outcomes: readonly ThresholdOutcome[]): string {
  const rows = results.cases.map((c) => {
    const k = c.checks;
    return [
      c.id,
      c.pass ? '✓' : '✗',
      k.facts_ok === null ? '–' : k.facts_ok ? '✓' : '✗',
      k.decline_ok ? '✓' : '✗',
      k.retrieval_rank === null ? '–' : String(k.retrieval_rank),
      paras(k.cited),
      paras(c.gold),
      ms(k.latency_ms),
      truncate(k.failures.join('; '), 70),
    ];
  });
  const out: string[] = [table(['id', 'pass', 'facts', 'decline', 'rank', 'cited', 'gold', 'latency', 'why it failed'], rows), ''];

  const s = results.summary;
  out.push(
    `${s.passed}/${s.cases} cases passed (${pct(s.pass_rate)})` +
      (results.invalid_cases.length > 0 ? `; ${results.invalid_cases.length} invalid case(s) skipped` : ''),
  );
  out.push(
    table(
      ['metric', 'value'],
      SUMMARY_ROWS.map((r) => [r.label, formatValue(r.kind, s[r.key as keyof typeof s])]),
    ),
    '',
  );

  const tags = Object.entries(results.by_tag);
  if (tags.length > 0) {
    out.push(
      table(
        ['tag', 'cases', 'pass rate', 'facts', 'hit@3', 'decline'],
        tags.map(([tag, t]) => [tag, String(t.cases), pct(t.pass_rate), pct(t.fact_accuracy), pct(t.hit_at_3), pct(t.decline_accuracy)]),
      ),
      '',
    );
  }
  if (results.faithfulness) {
    const f = results.faithfulness;
    out.push(`faithfulness (LLM judge ${f.judge}, not gated): mean ${f.mean ?? 'n/a'} over ${f.judged} answers`, '');
  }
  if (outcomes.length === 0) out.push('no thresholds set');
  for (const o of outcomes) out.push(`${o.ok ? '✓' : '✗'} ${o.message}`);
  return `${out.join('\n')}\n`;
}

/** A left-aligned text table with a header rule. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One progress line, e.g. `[#######.............] 7/20  ✗ q07`. */
export function progressLine(done: number, total: number, last?: { id: string; pass: boolean }, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return `[${bar}] ${done}/${total}${last ? `  ${last.pass ? '✓' : '✗'} ${truncate(last.id, 30)}` : ''}`;
}
