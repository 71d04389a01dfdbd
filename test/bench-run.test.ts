import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBenchCommand, type BenchCommandDeps } from '../src/bench/command.js';
import { actions } from '../src/cli/actions/index.js';
import { createProgram } from '../src/cli/program.js';
import type { Preset } from '../src/bench/context.js';
import type { BenchReport } from '../src/bench/report.js';
import { runBench, type BenchInput } from '../src/bench/run.js';
import { REPO, SHARED_CACHE_DIR, tempDir } from './helpers/app.js';
import { captureIO } from './helpers/cli.js';

/** `footnote bench ARGV` through the one program, its action given the test's seams. */
async function runBenchCli(argv: string[], deps: Omit<BenchCommandDeps, 'dirs'>): Promise<number> {
  const { io } = captureIO({ LOG_LEVEL: 'silent' });
  const dirs = { repo: REPO, cacheDir: SHARED_CACHE_DIR, inherit: { PATH: process.env.PATH, HOME: process.env.HOME } };
  return createProgram({ ...actions, bench: (args) => runBenchCommand(args, { ...deps, dirs }) }).run(['bench', ...argv], io);
}

const ARTICLE = `---
title: Harbour bridge reopens
---

# Harbour bridge reopens

The harbour bridge reopened to traffic on Monday after eight months of repairs costing 40 million dollars.

Mayor Ana Ruiz said the repaired deck should last another fifty years. Engineers replaced every cable.

Ferry operators, who carried extra passengers during the closure, expect their numbers to fall by half.

A toll of two dollars will apply to cars from January, the transport office said.
`;

const ARTICLE_QUESTIONS = [
  { id: 'a1', question: 'How much did the bridge repairs cost?', citations: [1] },
  { id: 'a2', question: 'Who is the mayor?', citations: [2] },
  { id: 'a3', question: 'What will ferry passenger numbers do?', citations: [3] },
  { id: 'a4', question: 'How much is the toll for cars?', citations: [4] },
  { id: 'a5', question: 'Who won the football cup?', citations: [] },
];

// Each "speech" is one long block with no paragraph breaks, like the SOTU texts, so the
// long-block splitter runs.
const sentences = (topic: string, n: number) =>
  Array.from({ length: n }, (_, i) => `The ${topic} report number ${i + 1} was read to the assembled members of the congress.`).join(' ');
const SPEECHES = [
  {
    year: 1801,
    name: 'Ada Lovelace',
    text: `${sentences('canal', 14)} We shall dig a great canal from the lakes to the sea. ${sentences('harbor', 3)}`,
  },
  {
    year: 1802,
    name: 'Charles Babbage',
    text: `${sentences('mint', 14)} The mint will strike a new silver coin this spring. ${sentences('post', 3)}`,
  },
];
const SPEECH_QUESTIONS = [
  {
    id: 's1',
    question: 'Who promised to dig a canal from the lakes to the sea?',
    gold: ['1801-lovelace'],
    evidence: 'dig a great canal from the lakes to the sea',
  },
  { id: 's2', question: 'What coin will the mint strike?', gold: ['1802-babbage'], evidence: 'strike a new silver coin' },
];

const TINY: Preset = {
  name: 'test',
  runs: 1,
  ingestRuns: 1,
  passes: 1,
  throughputTotal: 8,
  concurrency: [1, 4],
  speeches: 2,
  hnswSampleQueries: 5,
  efSweep: [16],
};

let input: BenchInput;
beforeAll(() => {
  const articleDir = tempDir('footnote-bench-article-');
  mkdirSync(articleDir, { recursive: true });
  writeFileSync(path.join(articleDir, 'bridge.md'), ARTICLE);
  input = { articleDir, articleQuestions: ARTICLE_QUESTIONS, speeches: SPEECHES, speechQuestions: SPEECH_QUESTIONS };
});

const byId = (report: BenchReport) => new Map(report.figures.map((f) => [f.id, f]));

describe('npm run bench, end to end on a tiny corpus', () => {
  it('measures every workload and writes the JSON with sane figures', async () => {
    const out = tempDir('footnote-bench-out-');
    let stdout = '';
    let stderr = '';
    const code = await runBenchCli(['--out', out], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      now: () => new Date('2026-01-02T03:04:05Z'),
      input: async () => input,
      run: (options) => runBench({ ...options, preset: TINY }),
    });
    expect(code).toBe(0);

    const report = JSON.parse(readFileSync(path.join(out, 'bench-2026-01-02T03-04-05-test.json'), 'utf8')) as BenchReport;
    expect(readFileSync(path.join(out, 'latest.json'), 'utf8')).toBe(
      readFileSync(path.join(out, 'bench-2026-01-02T03-04-05-test.json'), 'utf8'),
    );
    const f = byId(report);
    const expected = [
      'article.ingest_ms',
      'article.cold_ask_ms',
      'article.cold_npm_ask_ms',
      'article.bare_node_ms',
      'article.ask.p50_ms',
      'article.ask.p95_ms',
      'article.ask.p99_ms',
      'article.throughput.c1_qps',
      'article.throughput.c4_qps',
      'article.rss_mb',
      'article.peak_rss_mb',
      'sotu.ingest_s',
      'sotu.ingest.peak_rss_mb',
      'sotu.index_mb',
      'sotu.cold_load_ms',
      'sotu.ask.p50_ms',
      'sotu.ask.p95_ms',
      'sotu.hit_at_5',
      'hnsw.sentences.recall_at_10',
      'hnsw.sentences.speedup',
      'hnsw.paragraphs.recall_at_10',
      'peer.article.footnote_hit1',
      'peer.article.peer_hit1',
      'peer.article.peer_hit1_lenient',
      'peer.sotu.query_p95_ms',
      'peer.sotu.hit_at_5',
      'peer.sotu.p95_ratio',
    ];
    for (const id of expected) expect(f.has(id), id).toBe(true);
    for (const fig of report.figures) {
      expect(Number.isFinite(fig.median), fig.id).toBe(true);
      expect(fig.min).toBeLessThanOrEqual(fig.median);
      expect(fig.max).toBeGreaterThanOrEqual(fig.median);
    }
    // Timings are positive and below anything plausible for four paragraphs.
    expect(f.get('article.ask.p50_ms')!.median).toBeGreaterThan(0);
    expect(f.get('article.ask.p95_ms')!.median).toBeLessThan(2000);
    expect(f.get('article.cold_ask_ms')!.median).toBeGreaterThan(100);
    // A bare node start is part of every cold ask, so it is the smaller of the two.
    expect(f.get('article.bare_node_ms')!.median).toBeGreaterThan(0);
    expect(f.get('article.bare_node_ms')!.median).toBeLessThan(f.get('article.cold_ask_ms')!.median);
    expect(f.get('article.rss_mb')!.median).toBeGreaterThan(20);
    expect(f.get('sotu.ingest.peak_rss_mb')!.median).toBeGreaterThan(20);
    expect(f.get('sotu.index_mb')!.median).toBeGreaterThan(0);
    // Quality figures are shares.
    for (const id of [
      'sotu.hit_at_5',
      'hnsw.sentences.recall_at_10',
      'peer.article.footnote_hit1',
      'peer.article.peer_hit1',
      'peer.sotu.hit_at_5',
    ]) {
      expect(f.get(id)!.median, id).toBeGreaterThanOrEqual(0);
      expect(f.get(id)!.median, id).toBeLessThanOrEqual(1);
    }
    expect(f.get('sotu.hit_at_5')!.median).toBe(1); // two speeches, two distinctive questions
    expect(f.get('hnsw.sentences.recall_at_10')!.median).toBeGreaterThan(0.9); // exact at this size
    expect(report.settings.sotu).toMatchObject({ speeches: 2, documents: 2 });
    expect((report.settings.sotu as { paragraphs: number }).paragraphs).toBeGreaterThan(2); // the long-block splitter ran
    expect(report.machine.cpus).toBeGreaterThan(0);

    expect(stdout).toContain('| workload');
    expect(stdout).toContain('cold `node dist/cli.js ask --json`');
    expect(stdout).toContain('JSON: ');
  });

  it('exits 2 on bad arguments and 1 under --check when a target is missed', async () => {
    const io = () => ({ stdout: { write: () => true }, stderr: { write: () => true } });
    expect(await runBenchCli(['--runs', '0'], io())).toBe(2);
    expect(await runBenchCli(['--nope'], io())).toBe(2);
    const missed: BenchReport = {
      version: 1,
      mode: 'fake',
      startedAt: '',
      machine: { cpus: 2, cpuModel: 'x', totalMemMB: 1, freeMemMB: 1, node: 'v20', platform: 'x', loadAverage: { start: 0 } },
      settings: {},
      notes: [],
      figures: [
        {
          id: 'x',
          workload: 'sotu',
          label: 'x',
          unit: 'ms',
          median: 30,
          min: 30,
          max: 30,
          runs: [30],
          target: { op: '<', value: 25 },
          met: false,
        },
      ],
    };
    const deps = { ...io(), input: async () => input, run: async () => missed };
    expect(await runBenchCli(['--out', tempDir(), '--check'], deps)).toBe(1);
    expect(await runBenchCli(['--out', tempDir()], deps)).toBe(0);
  });
});
