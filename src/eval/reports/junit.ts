/**
 * junit.xml: one testcase per question (a failed check is a <failure> with the reasons, a throwing
 * ask an <error>), plus one <error> testcase per invalid line of the question file so CI shows it.
 * Summary metrics ride along as <properties>.
 */
import type { ResultsJson } from './json.js';
import { escapeXml } from './format.js';

export function renderJunit(results: ResultsJson, suiteName = 'footnote eval'): string {
  const s = results.summary;
  const errors = s.errors + results.invalid_cases.length;
  const failures = results.cases.filter((c) => !c.pass && c.checks.error === null).length;
  const tests = results.cases.length + results.invalid_cases.length;
  const time = seconds(results.cases.reduce((t, c) => t + (c.checks.latency_ms ?? 0), 0));
  const attrs = `name="${escapeXml(suiteName)}" tests="${tests}" failures="${failures}" errors="${errors}"`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites ${attrs} time="${time}">`];
  const stamp = typeof results.config.started_at === 'string' ? ` timestamp="${escapeXml(results.config.started_at)}"` : '';
  out.push(`  <testsuite ${attrs} skipped="0" time="${time}"${stamp}>`);
  out.push('    <properties>');
  for (const [key, value] of [...Object.entries(s), ...Object.entries(results.config)]) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    out.push(`      <property name="${escapeXml(key)}" value="${escapeXml(String(value))}"/>`);
  }
  out.push('    </properties>');
  for (const c of results.cases) {
    const name = escapeXml(`${c.id}: ${c.question}`);
    const head = `    <testcase classname="eval.${escapeXml(c.tags[0] ?? 'case')}" name="${name}" time="${seconds(c.checks.latency_ms ?? 0)}"`;
    if (c.pass) {
      out.push(`${head}/>`);
      continue;
    }
    const message = escapeXml(c.checks.failures.join('; '));
    const detail = escapeXml(
      [
        `question: ${c.question}`,
        `answer: ${c.result?.answer ?? '(none)'}`,
        `cited: ${c.checks.cited.join(', ') || 'none'}; gold: ${c.gold.join(', ') || 'none'}`,
        ...c.checks.failures,
      ].join('\n'),
    );
    const tag = c.checks.error === null ? 'failure' : 'error';
    out.push(
      `${head}>`,
      `      <${tag} message="${message}" type="${tag === 'error' ? 'AskError' : 'EvalCheck'}">${detail}</${tag}>`,
      '    </testcase>',
    );
  }
  for (const bad of results.invalid_cases) {
    out.push(
      `    <testcase classname="eval.invalid" name="line ${bad.line}" time="0">`,
      `      <error message="${escapeXml(bad.message)}" type="InvalidCase">${escapeXml(`line ${bad.line}: ${bad.message}`)}</error>`,
      '    </testcase>',
    );
  }
  out.push('  </testsuite>', '</testsuites>', '');
  return out.join('\n');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
