import { describe, expect, it } from 'vitest';
import { summarize, summarizeByTag, summarizeFaithfulness } from '../src/eval/metrics.js';
import { renderConsole } from '../src/eval/reports/console.js';
import { renderHtml } from '../src/eval/reports/html.js';
import { buildResults, renderJson, type ResultsJson } from '../src/eval/reports/json.js';
import { renderJunit } from '../src/eval/reports/junit.js';
import { renderMarkdown } from '../src/eval/reports/markdown.js';
import { runCases } from '../src/eval/runner.js';
import { askResult, paragraphLookup, scriptedAsk } from './helpers/eval-doubles.js';
import { evaluateThresholds, parseThreshold, THRESHOLD_SPECS } from '../src/eval/thresholds.js';
import type { EvalCase } from '../src/eval/types.js';

const NASTY = 'Tom & "Jerry" <b>bold</b> ]]> it\'s \u0001\u0007 https://evil.example/x.png 😀';
const paragraphText = paragraphLookup(['Alpha one.', `Bravo ${NASTY}.`]);
const kase = (id: string, over: Partial<EvalCase> = {}): EvalCase => ({
  id,
  question: `${id}?`,
  answerable: true,
  expected: [['alpha']],
  citations: [1],
  must_not_include: [],
  tags: ['people'],
  line: 1,
  ...over,
});

async function sampleResults(): Promise<ResultsJson> {
  const cases = [
    kase('ok'),
    kase('bad <&>', { question: NASTY, tags: ['numbers', 'x"y'] }),
    kase('err', { tags: [] }),
    kase('un', { answerable: false, expected: [], citations: [], tags: ['unanswerable'] }),
  ];
  const ask = scriptedAsk({
    'ok?': askResult({ answer: 'Alpha.', cite: [[1, 'Alpha one.']] }),
    [NASTY]: askResult({
      answer: `No idea ${NASTY}`,
      cite: [[2, `Bravo ${NASTY}`]],
      timings: { retrieveMs: 1, answerMs: 1, totalMs: 250 },
    }),
    'err?': new Error('model <down> & out'),
    'un?': askResult({ answerable: false, answer: 'Not in the article.' }),
  });
  const judge = Object.assign(async () => ({ score: 0.5 }), { label: 'judge-model' });
  const records = await runCases(cases, { ask, paragraphText, concurrency: 1, judge });
  const summary = summarize(records);
  const thresholds = [parseThreshold(THRESHOLD_SPECS[0]!, '0.9')].filter((t) => !('error' in t)) as Parameters<
    typeof evaluateThresholds
  >[1];
  return buildResults({
    summary,
    config: { mode: 'extractive', model: null, embeddings: 'glove', corpus_hash: 'abc123', started_at: '2025-10-25T00:00:00.000Z' },
    byTag: summarizeByTag(records),
    faithfulness: summarizeFaithfulness(records, 'judge-model'),
    thresholds: evaluateThresholds(summary, thresholds),
    invalidCases: [{ line: 9, message: 'answerable: expected boolean <oops>' }],
    records,
  });
}

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A tiny strict XML tokenizer: fails on anything not well-formed (enough for JUnit files). */
function parseXml(xml: string): XmlNode {
  const unescape = (s: string, where: string): string => {
    if (/[<]/.test(s)) throw new Error(`raw < in ${where}`);
    if (/&(?!#\d+;|#x[0-9a-f]+;|[a-z]+;)/i.test(s)) throw new Error(`bare & in ${where}`);
    return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (_m, ent: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
      if (ent.startsWith('#')) return String.fromCodePoint(Number(ent.slice(1)));
      if (!(ent in named)) throw new Error(`unknown entity &${ent}; in ${where}`);
      return named[ent] as string;
    });
  };

  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) throw new Error('control character');
  let rest = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  if (rest === xml) throw new Error('missing XML declaration');
  const root: XmlNode = { name: '#doc', attrs: {}, children: [], text: '' };
  const stack = [root];
  while (rest.length > 0) {
    const top = stack.at(-1) as XmlNode;
    const open = rest.indexOf('<');
    if (open !== 0) {
      const text = open < 0 ? rest : rest.slice(0, open);
      top.text += unescape(text, `text of <${top.name}>`);
      rest = open < 0 ? '' : rest.slice(open);
      continue;
    }
    const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(rest);
    if (close) {
      if (top.name !== close[1]) throw new Error(`</${close[1]}> closes <${top.name}>`);
      stack.pop();
      rest = rest.slice(close[0].length);
      continue;
    }
    const tag = /^<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"]*")*)\s*(\/?)>/.exec(rest);
    if (!tag) throw new Error(`bad markup at: ${rest.slice(0, 40)}`);
    const node: XmlNode = { name: tag[1] as string, attrs: {}, children: [], text: '' };
    for (const [, key, value] of (tag[2] ?? '').matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if ((key as string) in node.attrs) throw new Error(`duplicate attribute ${key}`);
      node.attrs[key as string] = unescape(value as string, `attribute ${key}`);
    }
    top.children.push(node);
    if (tag[3] !== '/') stack.push(node);
    rest = rest.slice(tag[0].length);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack.at(-1)?.name}>`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('not exactly one root element');
  return root.children[0] as XmlNode;
}

const all = (node: XmlNode, name: string): XmlNode[] => [
  ...node.children.filter((c) => c.name === name),
  ...node.children.flatMap((c) => all(c, name)),
];

describe('junit.xml', () => {
  it('the tokenizer itself rejects malformed XML', () => {
    const decl = '<?xml version="1.0"?>';
    expect(() => parseXml(`${decl}<a><b></a></b>`)).toThrow();
    expect(() => parseXml(`${decl}<a>x & y</a>`)).toThrow(/bare &/);
    expect(() => parseXml(`${decl}<a t="<"/>`)).toThrow();
    expect(() => parseXml(`${decl}<a/><b/>`)).toThrow(/root/);
    expect(parseXml(`${decl}<a t="&quot;"><b/>x &amp; y</a>`).attrs.t).toBe('"');
  });

  it('is well-formed with one testcase per question (plus invalid lines), failures carrying reasons', async () => {
    const results = await sampleResults();
    const suites = parseXml(renderJunit(results));
    expect(suites.name).toBe('testsuites');
    expect(suites.attrs).toMatchObject({ tests: '5', failures: '1', errors: '2' });
    const cases = all(suites, 'testcase');
    expect(cases.map((c) => c.attrs.name?.split(':')[0])).toEqual(['ok', 'bad <&>', 'err', 'un', 'line 9']);
    const bad = cases[1] as XmlNode;
    expect(bad.attrs.name).toContain('Tom & "Jerry" <b>bold</b> ]]>');
    expect(bad.attrs.classname).toBe('eval.numbers');
    const failure = all(bad, 'failure')[0] as XmlNode;
    expect(failure.attrs.message).toMatch(/missing fact: alpha/);
    expect(failure.text).toContain('question: Tom & "Jerry"');
    expect(all(cases[2] as XmlNode, 'error')[0]?.attrs.message).toBe('ask failed: model <down> & out');
    expect(all(cases[4] as XmlNode, 'error')[0]?.attrs.message).toContain('<oops>');
    expect(all(cases[0] as XmlNode, 'failure')).toEqual([]);
    const props = Object.fromEntries(all(suites, 'property').map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({ pass_rate: '0.5', corpus_hash: 'abc123' });
  });
});

describe('report.html', () => {
  it('is one self-contained file: inline CSS and SVG, no scripts, no external references', async () => {
    const html = renderHtml(await sampleResults());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import|url\(/i);
    expect(html).not.toMatch(/\s(?:src|href|xlink:href|action|srcset)\s*=/i);
    // The only URL-like text is the escaped answer content, never markup.
    expect(html.replace(/https:\/\/evil\.example\/x\.png/g, '')).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(html).toContain('Tom &amp; &quot;Jerry&quot; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<b>bold</b>');
  });

  it('has the per-case table, both charts, faithfulness and definitions', async () => {
    const html = renderHtml(await sampleResults());
    expect(html).toContain('Pass rate by tag');
    expect(html).toContain('Latency distribution');
    for (const id of ['ok', 'bad &lt;&amp;&gt;', 'err', 'un']) expect(html).toContain(`<td>${id}</td>`);
    expect(html).toContain('Faithfulness (LLM-judged');
    expect(html).toContain('citation_precision');
  });
});

describe('report.md, results.json and the console table', () => {
  it('results.json has the contract keys and the exact ask result', async () => {
    const results = await sampleResults();
    const parsed = JSON.parse(renderJson(results)) as ResultsJson;
    for (const key of [
      'cases',
      'pass_rate',
      'fact_accuracy',
      'hit_at_1',
      'hit_at_3',
      'mrr',
      'citation_precision',
      'citation_recall',
      'decline_accuracy',
      'latency_p50_ms',
      'latency_p95_ms',
    ]) {
      expect(parsed.summary, key).toHaveProperty(key);
    }
    expect(parsed.config).toMatchObject({ mode: 'extractive', model: null, embeddings: 'glove', corpus_hash: 'abc123' });
    expect(parsed.cases[0]).toMatchObject({ id: 'ok', pass: true, result: { answer: 'Alpha.', mode: 'extractive' } });
    expect(parsed.cases[2]).toMatchObject({ id: 'err', pass: false, result: null });
    expect(parsed.faithfulness).toMatchObject({ judge: 'judge-model', mean: 0.5 });
  });

  it('report.md lists failures with reasons, tags, thresholds and metric definitions', async () => {
    const md = renderMarkdown(await sampleResults(), { comparison: 'Compared with old:\n  newly failing (1): x\n' });
    expect(md).toMatch(/^# footnote eval — 2\/4 passed \(50\.0%\)/);
    expect(md).toContain('❌ `pass_rate` ≥ 0.9 — actual 0.5');
    expect(md).toContain('| people |');
    expect(md).toContain('**err** — ask failed: model <down> & out');
    expect(md).toContain('newly failing (1): x');
    expect(md).toContain('`citation_recall`: graded cases answered with at least one gold paragraph cited');
    expect(md).toContain('Faithfulness (LLM-judged — informational, never a CI gate)');
    expect(md).toContain('line 9: answerable: expected boolean');
  });

  it('the console table shows each case and the threshold outcome', async () => {
    const results = await sampleResults();
    const text = renderConsole(results, evaluateThresholds(results.summary, []));
    expect(text).toMatch(/^id\s+pass\s+facts/);
    expect(text).toMatch(/^err\s+✗.*ask failed/m);
    expect(text).toContain('2/4 cases passed (50.0%); 1 invalid case(s) skipped');
    expect(text).toContain('no thresholds set');
  });
});
