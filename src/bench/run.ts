import { embeddingsSettingsOf } from '../compose/config.js';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../compose/config.js';
import { createEmbeddings } from '../embeddings/factory.js';
import { createLogger } from '../compose/log.js';
import type { BenchContext, Preset } from './context.js';
import { parseArticleQuestions, parseSpeechQuestions, type ArticleQuestion, type SpeechQuestion } from './questions.js';
import { FigureBook, machineInfo, type BenchReport, type Workload } from './report.js';
import { loadSotuSpeeches, type Speech } from './sotu-corpus.js';
import { benchEnv, type BenchDirs } from './spawn.js';
import { round } from './stats.js';
import { runArticle } from './workloads/article.js';
import { runHnsw } from './workloads/hnsw.js';
import { compareArticle, compareSotu } from './workloads/peer.js';
import { runSotu } from './workloads/sotu.js';

/** The corpora and questions a run measures. */
export interface BenchInput {
  /** Corpus 1: a folder holding the article (and nothing else the app would index). */
  articleDir: string;
  articleQuestions: ArticleQuestion[];
  /** Corpus 2: speeches, each written as one .txt document. */
  speeches: Speech[];
  speechQuestions: SpeechQuestion[];
}

export interface BenchOptions {
  dirs: BenchDirs;
  preset: Preset;
  input: BenchInput;
  progress?: (line: string) => void;
  /** Keep the temporary corpora and indexes (for inspection) instead of deleting them. */
  keepWork?: boolean;
}

const WORKLOAD_ORDER: Workload[] = ['article', 'sotu', 'hnsw', 'peer'];

/** The project's own inputs: corpus/ with its sample question set, the SOTU dataset, bench/questions-sotu.jsonl. */
export async function defaultInput(repo: string): Promise<BenchInput> {
  const articleDir = path.join(repo, 'corpus');
  const questionFile = (await readdir(articleDir)).find((f) => f.endsWith('.questions.jsonl'));
  if (!questionFile) throw new Error(`no *.questions.jsonl in ${articleDir}`);
  const speechFile = path.join(repo, 'bench', 'questions-sotu.jsonl');
  return {
    articleDir,
    articleQuestions: parseArticleQuestions(await readFile(path.join(articleDir, questionFile), 'utf8'), questionFile),
    speeches: loadSotuSpeeches(),
    speechQuestions: parseSpeechQuestions(await readFile(speechFile, 'utf8'), speechFile),
  };
}

/** Runs the four workloads of issue 6 in order and returns every figure. */
export async function runBench({ dirs, preset, input, progress = () => {}, keepWork = false }: BenchOptions): Promise<BenchReport> {
  const started = new Date();
  const machine = machineInfo();
  const work = await mkdtemp(path.join(os.tmpdir(), 'footnote-bench-'));
  const ctx: BenchContext = { dirs, work, preset, book: new FigureBook(), settings: { preset }, progress };
  try {
    // Convert the word vectors now if needed (~15 s once), so no timed child pays for it.
    await createEmbeddings(embeddingsSettingsOf(loadConfig(benchEnv(dirs, input.articleDir, work))), createLogger('silent'));

    const article = await runArticle(ctx, { corpusDir: input.articleDir, questions: input.articleQuestions });
    await compareArticle(ctx, article.app, input.articleDir, input.articleQuestions, article.firstParagraph);
    const sotu = await runSotu(ctx, { speeches: input.speeches, questions: input.speechQuestions });
    await compareSotu(ctx, sotu.app, sotu.texts, input.speechQuestions);
    const questions = [...input.speechQuestions, ...input.articleQuestions].map((q) => q.question);
    await runHnsw(ctx, sotu.app, sotu.indexDir, questions);
  } finally {
    if (keepWork) progress(`kept work folder ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  const figures = [...ctx.book.figures].sort((a, b) => WORKLOAD_ORDER.indexOf(a.workload) - WORKLOAD_ORDER.indexOf(b.workload));
  const finished = new Date();
  machine.loadAverage.end = round(os.loadavg()[0]!);
  // The bench itself keeps about one core busy, hence the +1 at the end.
  if (machine.loadAverage.start >= machine.cpus * 0.5 || machine.loadAverage.end >= 1 + machine.cpus * 0.5) {
    ctx.book.note(
      `The machine was busy (1-min load ${machine.loadAverage.start} → ${machine.loadAverage.end} on ${machine.cpus} CPUs): ` +
        'timings may be inflated; compare min columns or rerun.',
    );
  }
  return {
    version: 1,
    mode: preset.name,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: round((finished.getTime() - started.getTime()) / 1000, 1),
    machine,
    settings: ctx.settings,
    figures,
    notes: ctx.book.notes,
  };
}
