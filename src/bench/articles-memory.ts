import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createArticleIndexes, type IndexedArticle } from '../app/article-indexes.js';
import { slugify, toMarkdown } from '../article/markdown.js';
import { createLogger } from '../compose/log.js';
import { parseDocument } from '../corpus/parse.js';
import { createEmbeddings } from '../embeddings/factory.js';
import { loadSotuSpeeches, speechIds } from './sotu-corpus.js';
import { percentile } from '../stats/percentile.js';

export interface ArticlesMemoryOptions {
  /** Servers, each with its own article. */
  servers: number;
  /** Article cores kept loaded (the LRU bound). */
  capacity: number;
  /** Rounds of "every server asks once, in turn" after the uploads. */
  rounds: number;
  /** Characters of text per article (a long news article is 8,000–12,000). */
  chars: number;
  /** The GloVe cache folder. */
  cacheDir: string;
  progress?: (line: string) => void;
}

/** What `footnote bench-articles` was asked (src/cli/specs/bench-articles.ts parses it). */
export interface ArticlesMemoryArgs extends Omit<ArticlesMemoryOptions, 'cacheDir' | 'progress'> {
  /** Peak resident memory that fails the run. */
  maxRssMb: number;
  json: boolean;
}

export interface MemorySample {
  label: string;
  asked: number;
  rssMb: number;
  heapMb: number;
  /** Off-heap memory V8 knows about (buffers); hnswlib's native graphs are in RSS only. */
  externalMb: number;
}

export interface ArticlesMemoryReport {
  options: Omit<ArticlesMemoryOptions, 'progress' | 'cacheDir'>;
  node: string;
  samples: MemorySample[];
  /** `process.resourceUsage().maxRSS`: the peak over the whole run. */
  peakRssMb: number;
  /** RSS after the rounds minus RSS after the uploads: flat means the bound holds. */
  growthAfterUploadsMb: number;
  latencyMs: { p50: number; p95: number; max: number };
  stats: ReturnType<ReturnType<typeof createArticleIndexes>['stats']>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/**
 * Real text for many distinct articles: the State of the Union addresses (a devDependency),
 * each cut to `chars` characters at a sentence and split into paragraphs as the corpus would.
 */
export function sotuArticles(count: number, chars: number): IndexedArticle[] {
  const speeches = loadSotuSpeeches();
  const ids = speechIds(speeches);
  const out: IndexedArticle[] = [];
  for (let i = 0; out.length < count; i++) {
    const speech = speeches[i % speeches.length]!;
    const round = Math.floor(i / speeches.length);
    // Past 233 articles, later parts of the same speeches: still distinct texts.
    const text = speech.text.slice(round * chars, (round + 1) * chars + 400);
    const cut = text.lastIndexOf('. ', chars) + 1 || text.length;
    const doc = parseDocument(ids[i % ids.length]!, text.slice(0, cut), { format: 'txt' });
    if (doc.paragraphs.length < 2) continue;
    const title = `${speech.year} address by ${speech.name}${round ? ` (part ${round + 1})` : ''}`;
    out.push({ id: slugify(title), markdown: toMarkdown({ title, paragraphs: doc.paragraphs.map((p) => p.text) }) });
  }
  return out;
}

const QUESTIONS = [
  'What did the president say about the budget?',
  'What was said about taxes?',
  'What does the address say about war?',
  'What about trade with other nations?',
  'What did he propose for the army and navy?',
];

/**
 * "Many servers, one article each": every server uploads its own article (its index is built),
 * then all of them ask in turn for a few rounds, the worst order for an LRU. Resident memory is
 * sampled as it goes; it must stay flat once the uploads are done.
 */
export async function runArticlesMemory(options: ArticlesMemoryOptions): Promise<ArticlesMemoryReport> {
  const progress = options.progress ?? (() => undefined);
  const log = createLogger('silent');
  const indexDir = await mkdtemp(path.join(tmpdir(), 'footnote-articles-memory-'));
  try {
    const embeddings = await createEmbeddings({ cacheDir: options.cacheDir }, log);
    const indexes = createArticleIndexes({
      settings: { corpusDir: 'unused', indexDir, maxQuestionChars: 1000, embeddings: { cacheDir: options.cacheDir } },
      capacity: options.capacity,
      embeddings,
      log,
    });
    const articles = sotuArticles(options.servers, options.chars);
    const samples: MemorySample[] = [];
    let asked = 0;
    const sample = (label: string) => {
      const m = process.memoryUsage();
      samples.push({ label, asked, rssMb: mb(m.rss), heapMb: mb(m.heapUsed), externalMb: mb(m.external) });
      progress(`${label}: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} MB (${asked} questions)`);
    };
    const ask = async (server: number) => {
      const core = await indexes.get(articles[server]!);
      await core.ask(QUESTIONS[(server + asked) % QUESTIONS.length]!, { fresh: true });
      asked++;
    };
    sample('start (word vectors loaded)');
    for (let s = 0; s < articles.length; s++) {
      await ask(s);
      if ((s + 1) % 50 === 0 || s === articles.length - 1) sample(`uploads: ${s + 1} servers`);
    }
    const afterUploads = samples[samples.length - 1]!.rssMb;
    const latencies: number[] = [];
    for (let r = 1; r <= options.rounds; r++) {
      for (let s = 0; s < articles.length; s++) {
        const started = performance.now();
        await ask(s);
        latencies.push(performance.now() - started);
      }
      sample(`round ${r}: every server asked once`);
    }
    const end = samples[samples.length - 1]!.rssMb;
    return {
      options: { servers: articles.length, capacity: options.capacity, rounds: options.rounds, chars: options.chars },
      node: process.version,
      samples,
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      growthAfterUploadsMb: Math.round((end - afterUploads) * 10) / 10,
      latencyMs: {
        p50: Math.round(percentile(latencies, 0.5) * 100) / 100,
        p95: Math.round(percentile(latencies, 0.95) * 100) / 100,
        max: Math.round(Math.max(...latencies) * 100) / 100,
      },
      stats: indexes.stats(),
    };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

/** The report as people read it: a Markdown table of the samples, then the verdict. */
export function renderArticlesMemory(report: ArticlesMemoryReport, maxRssMb: number): string {
  const o = report.options;
  const lines = [
    `${o.servers} servers, one article each (${o.chars} characters), at most ${o.capacity} loaded, ${o.rounds} rounds; Node ${report.node}`,
    '',
    '| when | questions | RSS MB | heap MB |',
    '|---|---:|---:|---:|',
    ...report.samples.map((s) => `| ${s.label} | ${s.asked} | ${s.rssMb} | ${s.heapMb} |`),
    '',
    `peak RSS ${report.peakRssMb} MB (bound ${maxRssMb} MB${report.peakRssMb > maxRssMb ? ': MISSED' : ''}); after the uploads ${report.growthAfterUploadsMb >= 0 ? '+' : ''}${report.growthAfterUploadsMb} MB`,
    `per question in the rounds: p50 ${report.latencyMs.p50} ms, p95 ${report.latencyMs.p95} ms, max ${report.latencyMs.max} ms; ` +
      `indexes opened ${report.stats.opened}, served from memory ${report.stats.hits}, evicted ${report.stats.evicted}`,
  ];
  return `${lines.join('\n')}\n`;
}
