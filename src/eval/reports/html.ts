/**
 * report.html: one self-contained file (inline CSS, inline SVG, no scripts, no external URLs) that
 * opens offline — summary, thresholds, charts (pass rate by tag, latency distribution), the per-case
 * table with answers and failure reasons, and the metric definitions.
 */
import { METRIC_DEFINITIONS } from '../metrics.js';
import { barChart, histogram } from './charts.js';
import { SUMMARY_ROWS, escapeHtml as h, formatValue, ms, paras, pct } from './format.js';
import type { ResultsJson } from './json.js';
import { renderFeedbackHtml, type FeedbackSummary } from '../feedback-stats.js';

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
.meta{color:#555}.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:130px}
.card b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f5f5f5}td.n{text-align:right;white-space:nowrap}
tr.fail td{background:#fff3f3}.ok{color:#2e7d32}.bad{color:#c62828}
.charts{display:flex;flex-wrap:wrap;gap:24px}details summary{cursor:pointer}
ul.reasons{margin:0;padding-left:18px;color:#c62828}code{background:#f3f3f3;padding:0 3px}
`;

export function renderHtml(results: ResultsJson, extra: { feedback?: FeedbackSummary } = {}): string {
  const s = results.summary;
  const parts: string[] = [];
  parts.push(`<h1>footnote eval — ${s.passed}/${s.cases} passed (${pct(s.pass_rate)})</h1>`);
  const meta = ['questions', 'mode', 'model', 'embeddings', 'corpus_hash', 'started_at']
    .filter((k) => results.config[k] !== undefined && results.config[k] !== null)
    .map((k) => `${h(k)}: <code>${h(String(results.config[k]))}</code>`);
  parts.push(`<p class="meta">${meta.join(' · ')}</p>`);

  const cards = ['pass_rate', 'fact_accuracy', 'hit_at_3', 'citation_recall', 'decline_accuracy', 'latency_p95_ms'];
  parts.push('<div class="cards">');
  for (const key of cards) {
    const row = SUMMARY_ROWS.find((r) => r.key === key);
    if (row) parts.push(`<div class="card">${h(row.label)}<b>${h(formatValue(row.kind, s[key as keyof typeof s]))}</b></div>`);
  }
  parts.push('</div>');

  if (results.thresholds.length > 0) {
    parts.push('<h2>Thresholds</h2><ul>');
    for (const t of results.thresholds) {
      parts.push(
        `<li class="${t.ok ? 'ok' : 'bad'}">${t.ok ? '✔' : '✘'} <code>${h(t.metric)}</code> ` +
          `${t.kind === 'min' ? '≥' : '≤'} ${t.value} — actual ${t.actual ?? 'not measured'}</li>`,
      );
    }
    parts.push('</ul>');
  }

  const tagBars = Object.entries(results.by_tag).map(([tag, t]) => ({ label: tag, value: t.pass_rate, note: `(${t.passed}/${t.cases})` }));
  const latencies = results.cases.map((c) => c.checks.latency_ms).filter((x): x is number => x !== null);
  parts.push('<h2>Charts</h2><div class="charts">');
  parts.push(barChart(tagBars, 'Pass rate by tag'));
  parts.push(histogram(latencies, `Latency distribution (p50 ${ms(s.latency_p50_ms)}, p95 ${ms(s.latency_p95_ms)})`));
  parts.push('</div>');

  parts.push('<h2>Summary</h2><table><tr><th>metric</th><th>value</th></tr>');
  for (const row of SUMMARY_ROWS)
    parts.push(`<tr><td>${h(row.label)}</td><td class="n">${h(formatValue(row.kind, s[row.key as keyof typeof s]))}</td></tr>`);
  parts.push('</table>');

  parts.push(
    `<h2>By tag</h2><table>${headRow('tag', 'cases', 'passed', 'pass rate', 'fact accuracy', 'hit@3', 'citation recall', 'decline accuracy')}`,
  );
  for (const [tag, t] of Object.entries(results.by_tag)) {
    const rates = [t.pass_rate, t.fact_accuracy, t.hit_at_3, t.citation_recall, t.decline_accuracy].map(
      (v) => `<td class="n">${pct(v)}</td>`,
    );
    parts.push(`<tr><td>${h(tag)}</td><td class="n">${t.cases}</td><td class="n">${t.passed}</td>${rates.join('')}</tr>`);
  }
  parts.push('</table>');

  if (results.faithfulness) {
    const f = results.faithfulness;
    parts.push('<h2>Faithfulness (LLM-judged — informational, never a CI gate)</h2>');
    parts.push(
      `<p>Judge <code>${h(f.judge)}</code>: mean ${f.mean ?? 'n/a'} over ${f.judged} answers` +
        `${f.failed_judgements > 0 ? `; ${f.failed_judgements} judgements failed` : ''}.</p>`,
    );
  }

  parts.push(`<h2>Cases</h2><table>${headRow('id', 'pass', 'tags', 'question / answer', 'gold ¶', 'cited', 'rank', 'latency')}`);
  for (const c of results.cases) {
    const reasons =
      c.checks.failures.length > 0 ? `<ul class="reasons">${c.checks.failures.map((f) => `<li>${h(f)}</li>`).join('')}</ul>` : '';
    const answer = c.result
      ? `<details><summary>${h(c.question)}</summary><p>${h(c.result.answer)}</p>${quotes(c)}</details>`
      : h(c.question);
    const cells = [
      `<td>${h(c.id)}</td><td class="${c.pass ? 'ok' : 'bad'}">${c.pass ? '✔' : '✘'}</td><td>${h(c.tags.join(', '))}</td>`,
      `<td>${answer}${reasons}</td><td>${h(paras(c.gold))}</td><td>${h(paras(c.checks.cited))}</td>`,
      `<td class="n">${c.checks.retrieval_rank ?? '–'}</td><td class="n">${h(ms(c.checks.latency_ms))}</td>`,
    ];
    parts.push(`<tr class="${c.pass ? 'pass' : 'fail'}">${cells.join('')}</tr>`);
  }
  parts.push('</table>');

  if (results.invalid_cases.length > 0) {
    parts.push(`<h2>Invalid cases (${results.invalid_cases.length}, skipped)</h2><ul>`);
    for (const e of results.invalid_cases) parts.push(`<li>line ${e.line}: ${h(e.message)}</li>`);
    parts.push('</ul>');
  }

  if (extra.feedback) parts.push(renderFeedbackHtml(extra.feedback));

  parts.push('<h2>Metric definitions</h2><ul>');
  for (const [key, d] of Object.entries(METRIC_DEFINITIONS)) parts.push(`<li><code>${h(key)}</code>: ${h(d)}</li>`);
  parts.push('</ul>');

  const head = `<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>footnote eval report</title>`;
  return `<!doctype html>\n<html lang="en"><head>${head}<style>${CSS}</style></head><body>\n${parts.join('\n')}\n</body></html>\n`;
}

const headRow = (...names: string[]): string => `<tr>${names.map((n) => `<th>${n}</th>`).join('')}</tr>`;

function quotes(c: ResultsJson['cases'][number]): string {
  const cites = c.result?.citations ?? [];
  if (cites.length === 0) return '';
  return `<ul>${cites.map((q) => `<li>¶${h(String(q.paragraph))}: “${h(String(q.quote))}”</li>`).join('')}</ul>`;
}
