import { existsSync } from 'node:fs';
import path from 'node:path';
import { COMPILED_CLI } from '../../compose/paths.js';
import type { App } from '../../compose/bootstrap.js';
import type { AskResult } from '../../domain/types.js';
import { benchApp } from '../app.js';
import type { BenchContext } from '../context.js';
import { latencyRun, repeat, throughput } from '../measure.js';
import type { ArticleQuestion } from '../questions.js';
import { benchEnv, runChildTask, runNode } from '../spawn.js';
import { percentile } from '../../stats/percentile.js';

export interface ArticleInput {
  corpusDir: string;
  questions: ArticleQuestion[];
}

export interface ArticleOutcome {
  app: App;
  /** footnote's first retrieved paragraph per answerable question (retrieval hit@1 input). */
  firstParagraph: Map<string, number | undefined>;
}

/** Workload 1: ingest, cold `ask` through the CLI, in-process latency and throughput, memory. */
export async function runArticle(ctx: BenchContext, input: ArticleInput): Promise<ArticleOutcome> {
  const { book, preset, dirs } = ctx;
  const dataDir = path.join(ctx.work, 'article-data');
  const env = benchEnv(dirs, input.corpusDir, dataDir);
  const questions = input.questions.map((q) => q.question);

  ctx.progress(`article: ingest ×${preset.runs}`);
  const ingests = await repeat(preset.runs, () =>
    runChildTask<{ ingestMs: number; counts: Record<string, number> }>(dirs.repo, 'ingest', {}, env),
  );
  ctx.settings.article = { questions: questions.length, ...ingests[0]!.counts };
  book.add(
    { id: 'article.ingest_ms', workload: 'article', label: 'ingest (parse+embed+index+persist)', unit: 'ms' },
    ingests.map((r) => r.ingestMs),
  );

  ctx.progress(`article: cold ask ×${preset.runs} (compiled CLI, then through npm)`);
  if (!existsSync(COMPILED_CLI)) throw new Error(`${COMPILED_CLI} is missing: run \`npm run build\` (npm ci does it) first`);
  const askArgs = ['ask', '--json', questions[0]!];
  const coldAsk = () => runNode(dirs.repo, [COMPILED_CLI, ...askArgs], env);
  const warm = await coldAsk(); // not counted: fills the OS file cache
  const answer = JSON.parse(warm.stdout) as AskResult;
  if (answer.mode !== 'extractive') throw new Error(`cold ask ran in ${answer.mode} mode; the bench measures extractive`);
  const cold = await repeat(preset.runs, async () => (await coldAsk()).wallMs);
  book.add(
    {
      id: 'article.cold_ask_ms',
      workload: 'article',
      label: 'cold `node dist/cli.js ask --json` (spawn → answer)',
      unit: 'ms',
      target: { op: '<', value: 700 },
    },
    cold,
  );
  // What a person typing `npm run ask` waits for: npm's own start-up on top of the above.
  const npmAsk = await repeat(
    preset.runs,
    async () => (await runNode(dirs.repo, ['run', '--silent', 'ask', '--', ...askArgs.slice(1)], env, 'npm')).wallMs,
  );
  book.add(
    {
      id: 'article.cold_npm_ask_ms',
      workload: 'article',
      label: 'cold `npm run ask -- --json` (spawn → answer)',
      unit: 'ms',
      target: { op: '<', value: 700 },
    },
    npmAsk,
  );

  // The machine's own floor, measured in the same run: the cold figures above move with it
  // (a machine whose bare node starts in 100 ms rather than 50 shows every cold figure slower).
  const bareNode = await repeat(preset.runs, async () => (await runNode(dirs.repo, ['-e', '0'], env)).wallMs);
  book.add({ id: 'article.bare_node_ms', workload: 'article', label: 'bare `node -e 0` (the machine, for scale)', unit: 'ms' }, bareNode);

  const app = await benchApp(env);
  const firstParagraph = new Map<string, number | undefined>();
  for (const q of input.questions) firstParagraph.set(q.id, (await app.footnote.ask(q.question)).retrieved[0]?.paragraph);

  ctx.progress(`article: latency ×${preset.runs} (${preset.passes} passes of ${questions.length})`);
  const ask = (q: string) => app.footnote.ask(q);
  const runs = await repeat(preset.runs, async () => (await latencyRun(questions, preset.passes, { ask })).ask!);
  for (const [p, name] of [
    [0.5, 'p50'],
    [0.95, 'p95'],
    [0.99, 'p99'],
  ] as const) {
    book.add(
      {
        id: `article.ask.${name}_ms`,
        workload: 'article',
        label: `per-question latency ${name} (in-process)`,
        unit: 'ms',
        ...(name === 'p95' ? { target: { op: '<', value: 10 } as const } : {}),
      },
      runs.map((samples) => percentile(samples, p)),
      4,
    );
  }

  // The app's answer cache (on by default) serves repeated questions: measured apart, once.
  const cached = await benchApp(env, 1000);
  const cachedAsk = (q: string) => cached.footnote.ask(q);
  await latencyRun(questions, 1, { cachedAsk });
  const hits = await repeat(preset.runs, async () =>
    percentile((await latencyRun(questions, preset.passes, { cachedAsk })).cachedAsk!, 0.5),
  );
  book.add(
    { id: 'article.ask_cached.p50_ms', workload: 'article', label: 'repeated question p50 (answer cache hit)', unit: 'ms' },
    hits,
    4,
  );

  ctx.progress(`article: throughput at concurrency ${preset.concurrency.join('/')} ×${preset.runs}`);
  // Concurrency levels take turns within each run, so warm-up and load swings hit them alike.
  const qps = new Map(preset.concurrency.map((c) => [c, [] as number[]]));
  await repeat(preset.runs, async () => {
    for (const c of preset.concurrency) qps.get(c)!.push(await throughput(questions, preset.throughputTotal, c, ask));
  });
  for (const [c, runs] of qps) {
    book.add(
      { id: `article.throughput.c${c}_qps`, workload: 'article', label: `throughput, concurrency ${c} (one process)`, unit: 'qps' },
      runs,
    );
  }

  ctx.progress(`article: resident memory ×${preset.runs}`);
  const serve = await repeat(preset.runs, () =>
    runChildTask<{ rssMB: number; peakRssMB: number }>(dirs.repo, 'serve', { questions, passes: 2 }, env),
  );
  book.add(
    { id: 'article.rss_mb', workload: 'article', label: 'resident memory after the question set', unit: 'MB' },
    serve.map((r) => r.rssMB),
  );
  book.add(
    { id: 'article.peak_rss_mb', workload: 'article', label: 'peak resident memory (same process)', unit: 'MB' },
    serve.map((r) => r.peakRssMB),
  );
  return { app, firstParagraph };
}
