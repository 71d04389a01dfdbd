import { askedKind } from '../src/answer/asked-kind.js';
import { splitLeadIn } from '../src/text/question-focus.js';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddings } from '../src/embeddings/factory.js';
import { createBaseline } from '../src/eval/quality/baseline.js';
import { loadBenchmarks } from '../src/eval/quality/benchmarks.js';
import { figuresOf } from '../src/eval/quality/metrics.js';
import { openWorkspace } from '../src/eval/quality/workspace.js';
import { analyseBenchmark } from '../src/eval/fit/data.js';
import { figuresFor } from '../src/eval/fit/evaluate.js';
import { DEFAULT_FIT, fitChoice, fitLogistic } from '../src/eval/fit/optimize.js';
import { meetsOffTopicBar } from '../src/eval/fit/cross.js';
import { searchMargin } from '../src/eval/fit/run.js';
import { convertSquad, writeSquadBenchmarks } from '../src/eval/squad.js';
import { DECLINE_SIGNS, fittedParams, type DeclineFeature } from '../src/params/fitted.js';
import { answerQuestion } from '../src/app/ask.js';
import type { EvalCase } from '../src/eval/types.js';
import { REPO, SHARED_CACHE_DIR, tempDir } from './helpers/app.js';

// An invented article in SQuAD 2.0 form: two contexts, one answerable and one impossible question.
const SQUAD = {
  version: 'v2.0',
  data: [
    {
      title: 'Lake_Orvan',
      paragraphs: [
        {
          context: 'Lake Orvan is a glacial lake in the northern hills.\nIt is 14 kilometres long.',
          qas: [
            {
              id: 'q1',
              question: 'How long is Lake Orvan?',
              answers: [{ text: '14 kilometres' }, { text: '14 kilometres' }, { text: '14' }],
              is_impossible: false,
            },
            { id: 'q2', question: 'How deep is Lake Orvan?', answers: [], plausible_answers: [{ text: '14' }], is_impossible: true },
          ],
        },
        {
          context: 'A ferry crosses the lake twice a day in summer.',
          qas: [{ id: 'q3', question: 'How often does the ferry cross?', answers: [{ text: 'twice a day' }], is_impossible: false }],
        },
      ],
    },
  ],
};

const evalCase = (c: Partial<EvalCase>): EvalCase => ({
  id: 'x',
  question: 'q',
  answerable: true,
  expected: [],
  citations: [],
  must_not_include: [],
  tags: [],
  line: 1,
  ...c,
});

describe('SQuAD import', () => {
  it('makes each article a document whose paragraphs are its contexts, in order', () => {
    const [b] = convertSquad(SQUAD);
    expect(b!.doc).toBe('lake-orvan');
    expect(b!.markdown).toBe(
      '# Lake Orvan\n\nLake Orvan is a glacial lake in the northern hills. It is 14 kilometres long.\n\nA ferry crosses the lake twice a day in summer.\n',
    );
    expect(b!.counts).toEqual({ paragraphs: 2, answerable: 2, unanswerable: 1 });
  });

  it('turns annotator answers into alternatives of one fact and impossible questions into unanswerable cases', () => {
    const [b] = convertSquad(SQUAD);
    expect(b!.cases[0]).toMatchObject({
      id: 'q1',
      answerable: true,
      expected: [['14 kilometres', '14']],
      citations: [1],
      doc: 'lake-orvan',
    });
    expect(b!.cases[1]).toMatchObject({ id: 'q2', answerable: false, expected: [], citations: [] });
    expect(b!.cases[2]).toMatchObject({ id: 'q3', citations: [2] });
  });

  it('refuses JSON that is not SQuAD, naming what is wrong', () => {
    expect(() => convertSquad({ data: [{ title: 'x' }] })).toThrow(/Not SQuAD 2.0 JSON: data.0.paragraphs/);
  });

  it('writes a corpus folder and a question set that the benchmark loader reads back', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'squad.json');
    writeFileSync(file, JSON.stringify(SQUAD));
    await writeSquadBenchmarks(file, path.join(dir, 'out'));
    const [b] = await loadBenchmarks(path.join(dir, 'out'));
    expect(b!.name).toBe('lake-orvan');
    expect(b!.corpusDir).toBe(path.join(dir, 'out', 'lake-orvan', 'corpus'));
    expect(b!.cases.map((c) => c.id)).toEqual(['q1', 'q2', 'q3']);
  });
});

describe('plain BM25 baseline', () => {
  it('ranks the paragraph sharing the rare words first and quotes its best-overlapping sentence', () => {
    const ask = createBaseline([
      'The mill closed in 1990. Workers moved to the harbour.',
      'The harbour was dredged in 2004. A new pier opened that year for ferries.',
    ]);
    const r = ask('When was the harbour dredged?');
    expect(r.ranking[0]).toBe(2);
    expect(r.answer).toBe('The harbour was dredged in 2004. ');
  });
});

describe('quality figures', () => {
  it('scores retrieval, answers and declines as the independent scorer does', () => {
    const cases = [
      evalCase({ expected: [['2004']], citations: [2] }),
      evalCase({ expected: [['pier']], citations: [1] }),
      evalCase({ answerable: false }),
    ];
    const f = figuresOf(cases, [
      { ranking: [2, 1], declined: false, answer: 'Dredged in 2004 [¶2]', cited: [2] },
      { ranking: [2, 1], declined: true, answer: '', cited: [] },
      { ranking: [1], declined: true, answer: '', cited: [] },
    ]);
    expect(f).toMatchObject({ hit1: 0.5, hit3: 1, contains: 0.5, citationPrecision: 1, answerableDeclined: 0.5, unanswerableDeclined: 1 });
  });
});

describe('fitting', () => {
  it('a conditional logit learns which feature marks the right alternative', () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({
      x: [
        [1, i % 3],
        [0, (i + 1) % 3],
        [0, (i + 2) % 3],
      ],
      positives: [0],
      weight: 1,
    }));
    const [marker, noise] = fitChoice(samples, 2);
    expect(marker!).toBeGreaterThan(2);
    expect(Math.abs(noise!)).toBeLessThan(marker! / 4);
  });

  it('a stronger L2 penalty (a setting the fit chooses by held-out quality) shrinks the weights', () => {
    const samples = Array.from({ length: 20 }, (_, i) => ({
      x: [
        [1, i % 3],
        [0, (i + 1) % 3],
      ],
      positives: [0],
      weight: 1,
    }));
    const [loose] = fitChoice(samples, 2, { ...DEFAULT_FIT, l2: 0.001 });
    const [tight] = fitChoice(samples, 2, { ...DEFAULT_FIT, l2: 0.1 });
    expect(tight!).toBeGreaterThan(0);
    expect(tight!).toBeLessThan(loose! / 2);
  });

  it('moves to another setting only for more than one question of an average benchmark', () => {
    // 20 benchmarks of 35 answerable questions: one question right instead of wrong on both
    // figures of one of them moves the objective by 1 / 700.
    const margin = searchMargin(Array.from({ length: 20 }, () => 35));
    expect(margin).toBeCloseTo(1 / 700, 10);
    expect(0.8515 > 0.8507 + margin).toBe(false);
    expect(0.8512 > 0.849 + margin).toBe(true);
    expect(searchMargin([])).toBe(0);
  });

  it('takes no setting under which the off-topic benchmarks held out decline fewer than 90%', () => {
    const figures = (answerable: number, unanswerable: number, declined: number) => ({
      ...figuresOf([], []),
      answerable,
      unanswerable,
      unanswerableDeclined: declined,
    });
    const held = (offTopicDeclined: number) => ({
      figures: new Map([
        ['news', figures(30, 10, 0.2)],
        ['offtopic', figures(0, 60, offTopicDeclined)],
      ]),
      logits: [],
      folds: new Map(),
    });
    expect(meetsOffTopicBar(held(0.9))).toBe(true);
    expect(meetsOffTopicBar(held(0.867))).toBe(false);
  });

  it('a logistic regression separates two classes by the informative feature', () => {
    const samples = Array.from({ length: 40 }, (_, i) => ({ x: [i % 2, (i * 7) % 5], y: (i % 2) as 0 | 1, weight: 1 }));
    const [, informative, noise] = fitLogistic(samples, 2);
    expect(informative!).toBeGreaterThan(2);
    expect(Math.abs(noise!)).toBeLessThan(informative! / 4);
  });

  it('keeps a weight at the sign it is given, where the data alone would push it the other way', () => {
    // The second feature goes with y = 0: free, its weight comes out negative; held to +1, it stays at 0.
    const samples = Array.from({ length: 40 }, (_, i) => ({ x: [i % 2, (i + 1) % 2], y: (i % 2) as 0 | 1, weight: 1 }));
    const [, , free] = fitLogistic(samples, 2);
    const [, first, held] = fitLogistic(samples, 2, { ...DEFAULT_FIT, signs: [0, 1, 1] });
    expect(free!).toBeLessThan(-1);
    expect(held).toBe(0);
    expect(first!).toBeGreaterThan(2);
  });

  it('holds every decline feature to a sign, so the shipped weights point the way their meaning says', () => {
    const { decline } = fittedParams();
    for (const [feature, sign] of Object.entries(DECLINE_SIGNS))
      expect(decline.weights[feature as DeclineFeature] * sign).toBeGreaterThanOrEqual(0);
  });
});

describe('shipped parameters', () => {
  it('were fitted on the benchmarks as they are now (names and hashes match the files)', async () => {
    const params = fittedParams();
    expect(params.data.length).toBeGreaterThan(3);
    for (const d of params.data) {
      const text = readFileSync(path.join(REPO, d.questions), 'utf8');
      expect(createHash('sha256').update(text).digest('hex'), `${d.name} changed since the fit: run npm run fit`).toBe(d.sha256);
    }
  });

  it('were fitted on every benchmark but the test sets, and on no test set', async () => {
    const benchmarks = await loadBenchmarks(path.join(REPO, 'bench', 'quality'));
    const fitted = fittedParams().data.map((d) => d.name);
    expect(fitted.sort()).toEqual(benchmarks.filter((b) => b.fit).map((b) => b.name));
    const tests = benchmarks.filter((b) => !b.fit).map((b) => b.name);
    expect(tests.length).toBeGreaterThan(0);
    for (const t of tests) expect(fitted).not.toContain(t);
  });

  it('the fitting path answers exactly as ask does (same ranking, answer and decline)', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'bench', 'council'), { recursive: true });
    const cases = [
      { id: 'a', question: 'How much does the budget raise library spending?', answerable: true, expected: [['12%']], citations: [2] },
      { id: 'b', question: 'When is the next council meeting?', answerable: true, expected: [['March 3']], citations: [5] },
      { id: 'c', question: 'Who won the football game in Madrid last night?', answerable: false },
      { id: 'd', question: 'ok one more, when is the next council meeting?', answerable: true, expected: [['March 3']], citations: [5] },
    ];
    writeFileSync(path.join(dir, 'bench', 'council', 'questions.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n'));
    writeFileSync(
      path.join(dir, 'bench', 'council', 'benchmark.json'),
      JSON.stringify({ corpus: path.join(REPO, 'test', 'fixtures', 'council') }),
    );
    const [b] = await loadBenchmarks(path.join(dir, 'bench'));
    const embeddings = await createEmbeddings({ cacheDir: SHARED_CACHE_DIR }, { info: () => {}, warn: () => {} });
    const ws = await openWorkspace(b!, embeddings);
    const params = fittedParams();
    const viaFit = figuresFor(await analyseBenchmark(ws, params), params);
    const outcomes = [];
    for (const c of b!.cases) {
      const r = await answerQuestion(c.question, {}, { ...ws.deps, params });
      outcomes.push({
        ranking: r.retrieved.map((x) => x.paragraph),
        declined: !r.answerable,
        answer: r.answer,
        cited: r.citations.map((x) => x.paragraph),
        ...(askedKind(splitLeadIn(c.question).question) ? { short: r.short_answer } : {}),
      });
    }
    expect(figuresOf(b!.cases, outcomes)).toEqual(viaFit);
    expect(viaFit).toMatchObject({ hit1: 1, contains: 1, unanswerableDeclined: 1, shortRight: 1 });
  });
});
