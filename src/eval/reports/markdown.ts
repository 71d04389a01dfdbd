/** report.md: the run at a glance, failures with reasons, every case, and what each metric means. */
import { METRIC_DEFINITIONS } from '../metrics.js';
import type { ResultsJson } from './json.js';
import { SUMMARY_ROWS, formatValue, mdCell, ms, paras, pct } from './format.js';

export interface MarkdownExtras {
  /** Output of `formatComparison`, when `--compare` was given. */
  comparison?: string;
}

export function renderMarkdown(results: ResultsJson, extras: MarkdownExtras = {}): string {
  const s = results.summary;
  const out: string[] = [];
  out.push(`# footnote eval — ${s.passed}/${s.cases} passed (${pct(s.pass_rate)})`, '');
  out.push(configLine(results.config), '');

  if (results.thresholds.length > 0) {
    out.push('## Thresholds', '');
    for (const t of results.thresholds) {
      out.push(`- ${t.ok ? '✅' : '❌'} \`${t.metric}\` ${t.kind === 'min' ? '≥' : '≤'} ${t.value} — actual ${t.actual ?? 'not measured'}`);
    }
    out.push('');
  }

  out.push('## Summary', '', '| metric | value |', '| --- | ---: |');
  for (const row of SUMMARY_ROWS) out.push(`| ${row.label} | ${formatValue(row.kind, s[row.key as keyof typeof s])} |`);
  out.push(
    '',
    `${s.answerable} answerable and ${s.unanswerable} unanswerable cases; ${s.retrieval_graded} graded for retrieval; ${s.quotes_checked} quotes checked.`,
    '',
  );

  const tags = Object.entries(results.by_tag);
  if (tags.length > 0) {
    out.push(
      '## By tag',
      '',
      '| tag | cases | passed | pass rate | fact accuracy | hit@3 | citation recall | decline accuracy |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const [tag, t] of tags) {
      const rates = [t.pass_rate, t.fact_accuracy, t.hit_at_3, t.citation_recall, t.decline_accuracy].map(pct);
      out.push(row([mdCell(tag), t.cases, t.passed, ...rates]));
    }
    out.push('');
  }

  if (extras.comparison) out.push('## Compared with the previous run', '', '```text', extras.comparison.trimEnd(), '```', '');

  const failing = results.cases.filter((c) => !c.pass);
  out.push(`## Failures (${failing.length})`, '');
  if (failing.length === 0) out.push('None.');
  for (const c of failing) {
    out.push(`- **${mdCell(c.id)}** — ${mdCell(c.checks.failures.join('; '), 400)}`);
    out.push(`  - Q: ${mdCell(c.question, 300)}`);
    if (c.result) out.push(`  - A: ${mdCell(c.result.answer, 400)}`);
  }
  out.push('');

  if (results.faithfulness) {
    const f = results.faithfulness;
    out.push('## Faithfulness (LLM-judged — informational, never a CI gate)', '');
    out.push(
      `Judge: ${mdCell(f.judge)}. Mean score ${f.mean ?? 'n/a'} over ${f.judged} answers` +
        `${f.failed_judgements > 0 ? `; ${f.failed_judgements} judgements failed` : ''}.`,
      '',
    );
  }

  out.push(
    '## Cases',
    '',
    '| id | pass | tags | question | facts | decline | gold ¶ | rank | cited | latency |',
    '| --- | :---: | --- | --- | :---: | :---: | --- | ---: | --- | ---: |',
  );
  for (const c of results.cases) {
    const k = c.checks;
    const facts = k.facts_ok === null ? '–' : k.facts_ok ? '✓' : '✗';
    const decline = k.decline_ok ? '✓' : '✗';
    const cells = [mdCell(c.id), c.pass ? '✅' : '❌', mdCell(c.tags.join(', ')), mdCell(c.question, 90), facts, decline];
    out.push(row([...cells, paras(c.gold), k.retrieval_rank ?? '–', paras(k.cited), ms(k.latency_ms)]));
  }
  out.push('');

  if (results.invalid_cases.length > 0) {
    out.push(`## Invalid cases (${results.invalid_cases.length}, skipped)`, '');
    for (const e of results.invalid_cases) out.push(`- line ${e.line}: ${mdCell(e.message, 300)}`);
    out.push('');
  }

  out.push('## How cases and metrics are scored', '');
  out.push(
    [
      'A case **passes** when: an unanswerable case is declined and an answerable one is not;',
      'every expected fact is in the answer (any alternative, case-insensitive, curly quotes and dashes normalised);',
      'no `must_not_include` text is in it;',
      'every citation names an existing paragraph whose text contains the quote (pieces between ellipses, in order);',
      'and an answered answerable case cites at least one paragraph — a gold one when the case lists gold paragraphs.',
      'Retrieval rank and citation precision are measured, not gated per case.',
      'A case whose `ask` threw fails every check it has. Rates with no cases to measure are reported as n/a.',
    ].join(' '),
    '',
  );
  for (const [key, definition] of Object.entries(METRIC_DEFINITIONS)) out.push(`- \`${key}\`: ${definition}`);
  out.push('');
  return out.join('\n');
}

function configLine(config: Record<string, unknown>): string {
  const keys = ['questions', 'mode', 'model', 'embeddings', 'corpus_hash', 'concurrency', 'started_at'];
  return keys
    .filter((k) => config[k] !== undefined && config[k] !== null)
    .map((k) => `${k}: \`${String(config[k])}\``)
    .join(' · ');
}

/** A Markdown table row. */
const row = (cells: ReadonlyArray<string | number>): string => `| ${cells.join(' | ')} |`;
