import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { actions } from '../src/cli/actions/index.js';
import { createProgram } from '../src/cli/program.js';
import type { Config } from '../src/compose/config.js';
import { runEvalCli as runEval, type EvalCliDeps } from '../src/eval/cli.js';
import { captureIO, parseCommand } from './helpers/cli.js';
import { askResult, paragraphLookup, scriptedAsk } from './helpers/eval-doubles.js';
import type { AskResult } from '../src/domain/types.js';

const PARAS = ['Talks ended on Saturday in Kuala Lumpur.', 'Trump threatened 100% tariffs from November 1.'];
const ANSWERS: Record<string, AskResult> = {
  'When did talks end?': askResult({
    answer: 'On Saturday.',
    cite: [[1, 'Talks ended on Saturday in Kuala Lumpur.']],
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 40 },
  }),
  'What tariff?': askResult({
    answer: 'Tariffs of 100%.',
    cite: [[2, 'Trump threatened 100% tariffs']],
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 60 },
  }),
  'Who won the cup?': askResult({
    answerable: false,
    answer: 'The article does not say.',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 900 },
  }),
};
const LINES = [
  { id: 'q1', question: 'When did talks end?', answerable: true, expected: ['Saturday'], citations: [1], tags: ['dates'] },
  {
    id: 'q2',
    question: 'What tariff?',
    answerable: true,
    expected: [['100%', '100 percent'], 'Geneva'],
    citations: [2],
    tags: ['numbers'],
  },
  { id: 'q3', question: 'Who won the cup?', answerable: false, expected: [], citations: [], tags: ['unanswerable'] },
];

let dir: string;
let questions: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'footnote-eval-'));
  questions = join(dir, 'q.jsonl');
  writeFileSync(questions, LINES.map((l) => JSON.stringify(l)).join('\n'));
});

const parseEvalArgs = (argv: string[]) => parseCommand('eval', argv);

/** The config the last `footnote eval` run was given (its --corpus lands there). */
let lastConfig: Config | undefined;

/** `footnote eval ARGV` through the one program, its action running the eval over the test doubles. */
async function runEvalCli(argv: string[], deps: EvalCliDeps): Promise<number> {
  const forward = (sink: { write(s: string): unknown }) =>
    new Writable({
      write(chunk, _enc, done) {
        sink.write(String(chunk));
        done();
      },
    });
  const { io } = captureIO({ LOG_LEVEL: 'silent' }, { stdout: forward(deps.stdout), stderr: forward(deps.stderr) });
  const program = createProgram({
    ...actions,
    eval: async (command, ctx) => {
      lastConfig = ctx.config;
      return (await runEval(command, deps)) === 0 ? 'ok' : 'threshold-missed';
    },
  });
  return program.run(['eval', ...argv], io);
}

function harness(over: Partial<EvalCliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const ask = scriptedAsk(ANSWERS);
  const deps: EvalCliDeps = {
    ask,
    describeConfig: () => ({ mode: 'extractive', embeddings: 'glove-100d', corpusHash: 'sha-1', chunking: 'paragraph' }),
    paragraphText: paragraphLookup(PARAS),
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    isTTY: false,
    now: () => new Date('2025-10-26T00:00:00Z'),
    ...over,
  };
  return { deps, ask, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('runEvalCli exit codes', () => {
  it('0 when every threshold is met (and without thresholds)', async () => {
    const h = harness();
    expect(await runEvalCli(['--questions', questions], h.deps)).toBe(0);
    expect(h.stdout()).toContain('2/3 cases passed');
    expect(h.stdout()).toContain('no thresholds set');
    expect(
      await runEvalCli(
        ['--questions', questions, '--min-pass-rate', '0.6', '--min-hit-at-1=1', '--max-latency-p95-ms', '1000'],
        harness().deps,
      ),
    ).toBe(0);
  });

  it('1 when a threshold is missed, naming it', async () => {
    const h = harness();
    expect(
      await runEvalCli(
        ['--questions', questions, '--min-pass-rate', '0.9', '--min-decline-accuracy', '1', '--max-latency-p95-ms', '500'],
        h.deps,
      ),
    ).toBe(1);
    expect(h.stderr()).toContain('2 threshold(s) missed');
    expect(h.stderr()).toContain('pass_rate ≥ 0.9: MISSED (actual 0.6667)');
    expect(h.stderr()).toContain('latency_p95_ms ≤ 500: MISSED (actual 900)');
    expect(h.stdout()).toContain('✓ decline_accuracy ≥ 1: met');
  });

  it('1 when a gated metric cannot be measured', async () => {
    const h = harness();
    expect(await runEvalCli(['--questions', questions, '--tag', 'unanswerable', '--min-hit-at-3', '0.5'], h.deps)).toBe(1);
    expect(h.stderr()).toContain('hit_at_3 ≥ 0.5: not measured');
  });

  it.each([
    [['--questions', 'Q', '--bogus'], /Unknown option --bogus\./],
    [[], /missing --questions FILE/],
    [['--questions', 'Q', 'extra'], /positional/i],
    [['--questions', 'Q', '--min-pass-rate', '80'], /fraction between 0 and 1, got "80" \(did you mean 0.8\?\)/],
    [['--questions', 'Q', '--min-mrr', 'abc'], /--min-mrr expects a fraction/],
    [['--questions', 'Q', '--max-latency-p95-ms', '-1'], /--max-latency-p95-ms/],
    [['--questions', 'Q', '--concurrency', '0'], /--concurrency expects a whole number/],
    [['--questions', 'Q', '--export-feedback', 'f'], /cannot be combined/],
  ])('2 on usage error %j', async (argv, message) => {
    const h = harness();
    const args = argv.map((a) => (a === 'Q' ? questions : a));
    expect(await runEvalCli(args, h.deps)).toBe(2);
    expect(h.stderr()).toMatch(message);
    expect(h.ask.calls).toEqual([]);
  });

  it('2 on a missing file, a file with no valid cases, or a bad --compare file', async () => {
    const h = harness();
    expect(await runEvalCli(['--questions', join(dir, 'nope.jsonl')], h.deps)).toBe(2);
    expect(h.stderr()).toContain('question set not found');
    writeFileSync(join(dir, 'bad.jsonl'), '{"id": 1}\n\n');
    expect(await runEvalCli(['--questions', join(dir, 'bad.jsonl')], h.deps)).toBe(2);
    expect(h.stderr()).toMatch(/bad\.jsonl:1: .*question/);
    expect(h.stderr()).toContain('no valid cases to run');
    writeFileSync(join(dir, 'old.json'), '{"nope": true}');
    expect(await runEvalCli(['--questions', questions, '--compare', join(dir, 'old.json')], h.deps)).toBe(2);
    expect(h.stderr()).toContain('not an eval results.json');
    expect(h.ask.calls).toEqual([]);
  });

  it('reports bad lines and goes on, or stops with --strict', async () => {
    writeFileSync(questions, `${readFileSync(questions, 'utf8')}\n{"id": "q4", "question": "x"}\n`);
    const h = harness();
    expect(await runEvalCli(['--questions', questions], h.deps)).toBe(0);
    expect(h.stderr()).toContain(`${questions}:4: answerable:`);
    expect(h.ask.calls).toHaveLength(3);
    const strict = harness();
    expect(await runEvalCli(['--questions', questions, '--strict'], strict.deps)).toBe(2);
    expect(strict.stderr()).toContain('1 invalid case(s) and --strict is set');
    expect(strict.ask.calls).toEqual([]);
  });

  it('prints usage with --help', async () => {
    const h = harness();
    expect(await runEvalCli(['--help'], h.deps)).toBe(0);
    expect(h.stdout()).toContain('--min-citation-recall X');
    expect(h.stdout()).toContain('Exit codes: 0 every threshold met, 1 a threshold missed, 2 usage or input error.');
  });
});

describe('runEvalCli reports and options', () => {
  it('writes results.json, report.md, junit.xml and report.html to --out', async () => {
    const out = join(dir, 'out');
    const h = harness();
    expect(await runEvalCli(['--questions', questions, '--out', out], h.deps)).toBe(0);
    for (const f of ['results.json', 'report.md', 'junit.xml', 'report.html']) expect(existsSync(join(out, f)), f).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.config).toMatchObject({
      mode: 'extractive',
      model: null,
      embeddings: 'glove-100d',
      corpus_hash: 'sha-1',
      chunking: 'paragraph',
      concurrency: 1,
      questions,
      started_at: '2025-10-26T00:00:00.000Z',
    });
    expect(results.summary).toMatchObject({ cases: 3, pass_rate: 0.6667, fact_accuracy: 0.5, hit_at_1: 1, decline_accuracy: 1 });
    expect(results.cases.map((c: { id: string; pass: boolean }) => [c.id, c.pass])).toEqual([
      ['q1', true],
      ['q2', false],
      ['q3', true],
    ]);
    expect(results.cases[1].result).toEqual({ ...ANSWERS['What tariff?'], question: 'What tariff?' });
    expect(results.cases[1].checks.failures).toEqual(['missing fact: Geneva']);
    expect(h.stdout()).toContain(`reports written to ${out}/`);
  });

  it('draws a progress bar on a TTY only', async () => {
    const tty = harness({ isTTY: true });
    await runEvalCli(['--questions', questions], tty.deps);
    expect(tty.stderr()).toContain('\r[########################] 3/3');
    const pipe = harness();
    await runEvalCli(['--questions', questions], pipe.deps);
    expect(pipe.stderr()).toBe('');
  });

  it('--compare prints newly failing and passing cases and metric deltas', async () => {
    const out = join(dir, 'base');
    await runEvalCli(['--questions', questions, '--out', out], harness().deps);
    const worse = harness({
      ask: scriptedAsk({
        ...ANSWERS,
        'When did talks end?': askResult({ answer: 'Sunday.', cite: [[1, 'Talks ended']] }),
        'What tariff?': askResult({ answer: '100% in Geneva', cite: [[2, 'Trump threatened']] }),
      }),
    });
    expect(
      await runEvalCli(['--questions', questions, '--compare', join(out, 'results.json'), '--out', join(dir, 'next')], worse.deps),
    ).toBe(0);
    expect(worse.stdout()).toContain(`Compared with ${join(out, 'results.json')}:`);
    expect(worse.stdout()).toContain('newly failing (1): q1');
    expect(worse.stdout()).toContain('newly passing (1): q2');
    expect(worse.stdout()).toMatch(/latency_p50_ms\s+60 → 10 {2}\(-50\)/);
    expect(readFileSync(join(dir, 'next', 'report.md'), 'utf8')).toContain('newly failing (1): q1');
  });

  it('loads the core lazily from --corpus and takes the default concurrency from it', async () => {
    const seen: unknown[] = [];
    const h = harness({
      ask: undefined,
      loadCore: async () => {
        seen.push(lastConfig?.corpusDir);
        return {
          ask: scriptedAsk(ANSWERS),
          paragraphText: paragraphLookup(PARAS),
          describeConfig: () => ({ mode: 'llm', model: 'gpt-x', embeddings: 'openai', corpusHash: 'h' }),
        };
      },
    });
    const out = join(dir, 'llm');
    expect(await runEvalCli(['--questions', questions, '--corpus', 'corpus/', '--out', out], h.deps)).toBe(0);
    expect(seen).toEqual([join(process.cwd(), 'corpus')]);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).config).toMatchObject({
      mode: 'llm',
      model: 'gpt-x',
      concurrency: 4,
    });
    const broken = harness({
      loadCore: async () => {
        throw new Error('no such dir');
      },
    });
    expect(await runEvalCli(['--questions', questions, '--corpus', 'x'], broken.deps)).toBe(2);
    expect(broken.stderr()).toContain('could not load the corpus: no such dir');
  });

  it('honours --concurrency, --tag, YAML question sets and --no-judge', async () => {
    const yaml = join(dir, 'q.yaml');
    writeFileSync(
      yaml,
      [
        '- id: y1',
        '  question: What tariff?',
        '  answerable: true',
        '  expected: ["100%"]',
        '  citations: [2]',
        '  tags: [numbers]',
        '- id: y2',
        '  question: Who won the cup?',
        '  answerable: false',
        '',
      ].join('\n'),
    );
    let judged = 0;
    const h = harness({
      judge: async () => {
        judged += 1;
        return { score: 1 };
      },
    });
    const out = join(dir, 'y');
    expect(await runEvalCli(['--questions', yaml, '--tag', 'numbers', '--concurrency', '3', '--out', out], h.deps)).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.cases.map((c: { id: string }) => c.id)).toEqual(['y1']);
    expect(results.config).toMatchObject({ concurrency: 3, tags: ['numbers'], judge: 'configured' });
    expect(results.faithfulness).toMatchObject({ judged: 1, mean: 1 });
    expect(judged).toBe(1);
    const noJudge = harness({
      judge: async () => {
        judged += 1;
        return { score: 1 };
      },
    });
    await runEvalCli(['--questions', yaml, '--no-judge'], noJudge.deps);
    expect(judged).toBe(1);
  });

  it('--export-feedback writes draft cases to stdout or to --out', async () => {
    const log = join(dir, 'feedback.jsonl');
    writeFileSync(
      log,
      `${JSON.stringify({
        time: '1',
        userId: 'u',
        question: 'Why?',
        answer: 'Because.',
        citations: [{ doc: 'd', paragraph: 2, quote: 'x' }],
        vote: 'down',
      })}\n`,
    );
    const h = harness();
    expect(await runEvalCli(['--export-feedback', log], h.deps)).toBe(0);
    expect(JSON.parse(h.stdout())).toMatchObject({ question: 'Why?', citations: [2], tags: ['feedback', 'needs-review'] });
    const toDir = harness();
    expect(await runEvalCli(['--export-feedback', log, '--out', join(dir, 'fb')], toDir.deps)).toBe(0);
    expect(readFileSync(join(dir, 'fb', 'feedback-cases.jsonl'), 'utf8')).toContain('"needs-review"');
    expect(toDir.stdout()).toContain('1 draft case(s) from 1 vote(s)');
    expect(await runEvalCli(['--export-feedback', join(dir, 'missing.jsonl')], harness().deps)).toBe(2);
    expect(h.ask.calls).toEqual([]);
  });
});

describe('parseEvalArgs', () => {
  it('returns a plain command object', () => {
    expect(parseEvalArgs(['-q', 'f.jsonl', '--min-fact-accuracy', '0.8', '--tag', 'a', '--tag', 'b', '--strict'])).toMatchObject({
      kind: 'run',
      questions: 'f.jsonl',
      strict: true,
      tags: ['a', 'b'],
      judge: true,
      thresholds: [{ flag: 'min-fact-accuracy', metric: 'fact_accuracy', kind: 'min', value: 0.8 }],
    });
  });
});
