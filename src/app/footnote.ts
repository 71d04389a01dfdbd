import type { Logger } from 'pino';
import { loadCorpus, type LoadedCorpus } from '../corpus/load.js';
import { createEmbeddings, type EmbeddingsBundle, type EmbeddingsSettings } from '../embeddings/factory.js';
import { gloveWordModel } from '../embeddings/word-model.js';
import type { CorpusIndex } from '../index/build.js';
import { openIndex } from '../index/open.js';
import type { VectorIndexKind } from '../index/vector-index.js';
import { createAnswerCache, DEFAULT_ANSWER_CACHE_SIZE, type AnswerContext } from './answer-cache.js';
import { answerQuestion } from './ask.js';
import type { AskOptions, LlmLayer } from '../domain/ports.js';
import { UserError } from '../domain/errors.js';
import { validateQuestion } from '../domain/question.js';
import type { AskResult, CorpusDocument, Paragraph, SummaryLength, SummaryResult } from '../domain/types.js';
import { summarizeDocument } from '../answer/summary.js';
import { ViewCache } from '../answer/text-view.js';
import type { WordModel } from '../domain/ports.js';
import type { Progress } from '../domain/progress.js';

export interface FootnoteInfo {
  mode: 'extractive' | 'llm';
  model?: string;
  embeddings: string;
  corpusDir: string;
  corpusHash: string;
  indexDir: string;
  counts: { documents: number; paragraphs: number; sentences: number };
}

/** The answering core every adapter (shell, Discord, CLI, eval, bench) calls. */
export interface Footnote {
  ask(question: string, options?: AskOptions): Promise<AskResult>;
  summarize(options?: { doc?: string; length?: SummaryLength }): Promise<SummaryResult>;
  /** Paragraph `n` of a document (the only one when `doc` is omitted); UserError if absent. */
  paragraph(n: number, doc?: string): Paragraph;
  documents(): CorpusDocument[];
  info(): FootnoteInfo;
  /**
   * Re-reads the corpus; rebuilds and swaps the index if it changed, serving the old one
   * meanwhile. The files are always read after the call: a call made while a reload is running
   * is answered by one more reload after it (shared by every such caller).
   */
  reload(): Promise<ReloadResult>;
}

export interface ReloadResult {
  changed: boolean;
  /** Why the index was rebuilt (absent when a matching index was on disk already). */
  rebuilt?: string;
}

/** What the app is built from: a narrow slice of the validated config (see compose/config). */
export interface FootnoteSettings {
  corpusDir: string;
  indexDir: string;
  maxQuestionChars: number;
  /** Answers kept for repeated questions (LRU); 0 turns the cache off. Default 1000. */
  answerCacheSize?: number;
  embeddings: EmbeddingsSettings;
}

export interface FootnoteDeps {
  config: FootnoteSettings;
  log: Logger;
  /** Optional generated-answer layer (LLM mode). */
  llm?: LlmLayer;
  /** Embeddings to use instead of the ones config names (tests, benchmarks, per-article cores). */
  embeddings?: EmbeddingsBundle;
  /** Hears about the long steps of a first start (converting word vectors, building the index). */
  progress?: Progress;
  /** The vector index a build uses (default hnswlib; per-server articles use exact search). */
  vectors?: VectorIndexKind;
  /** Where the documents come from instead of `config.corpusDir` (an article held in memory). */
  corpus?: () => Promise<LoadedCorpus>;
  /** Word knowledge shared by several cores (one per article) rather than one table cache each. */
  words?: WordModel;
}

interface State {
  corpus: LoadedCorpus;
  index: CorpusIndex;
  views: ViewCache;
}

export async function createFootnote({ config, log, llm, ...deps }: FootnoteDeps): Promise<Footnote> {
  const embeddings: EmbeddingsBundle = deps.embeddings ?? (await createEmbeddings(config.embeddings, log, deps.progress));
  const words: WordModel = deps.words ?? gloveWordModel(embeddings.glove, embeddings.vocabularySize);
  const readCorpus = deps.corpus ?? (() => loadCorpus(config.corpusDir, { log }));
  const open = async (corpus: LoadedCorpus, force = false) =>
    openIndex(config.indexDir, corpus, embeddings.info, log, {
      forceRebuild: force,
      ...(deps.vectors ? { vectors: deps.vectors } : {}),
      ...(deps.progress ? { progress: deps.progress } : {}),
    });
  const corpus = await readCorpus();
  const opened = await open(corpus);
  let state: State = { corpus, index: opened.index, views: new ViewCache(words) };
  const cache = createAnswerCache(config.answerCacheSize ?? DEFAULT_ANSWER_CACHE_SIZE);
  const mode = llm ? `llm:${llm.model}` : 'extractive';
  // The build id changes with every rebuild; an index that was never persisted has none.
  // A question restricted to one document is a different question.
  const contextOf = (s: State, doc?: string): AnswerContext => ({
    version: `${s.index.manifest.build || s.corpus.hash}\u0000${doc ?? ''}`,
    mode,
  });

  const ask = async (raw: string, options: AskOptions = {}) => {
    const started = performance.now();
    const current = state;
    const askDeps = {
      index: current.index,
      views: current.views,
      embeddings,
      words,
      maxQuestionChars: config.maxQuestionChars,
      log,
      ...(llm ? { llm } : {}),
    };
    // Conversations and streamed answers depend on more than the question: never cached.
    if ((options.history?.length ?? 0) > 0 || options.onToken || options.fresh) return answerQuestion(raw, options, askDeps);
    const question = validateQuestion(raw, config.maxQuestionChars);
    const hit = cache.get(question, contextOf(current, options.doc), () => performance.now() - started);
    if (hit) return hit;
    const result = await answerQuestion(raw, options, askDeps);
    // A model fault answers extractively with a note: worth asking the model again next time.
    const cacheable = !llm || result.mode === 'llm';
    // A reload may have swapped the index meanwhile; this answer belongs to the old one.
    if (cacheable && state === current) cache.set(question, contextOf(current, options.doc), result);
    return result;
  };

  const reloadOnce = async (): Promise<ReloadResult> => {
    const next = await readCorpus();
    if (next.hash === state.corpus.hash) return { changed: false };
    const result = await open(next);
    state = { corpus: next, index: result.index, views: new ViewCache(words) };
    cache.clear();
    return { changed: true, ...(result.rebuilt ? { rebuilt: result.rebuilt } : {}) };
  };
  let reloading: Promise<ReloadResult> | undefined;
  let queued: Promise<ReloadResult> | undefined;
  const reload = (): Promise<ReloadResult> => {
    if (!reloading) {
      reloading = reloadOnce().finally(() => {
        reloading = undefined;
      });
      return reloading;
    }
    // The running reload may have read the files before they changed again: read once more
    // after it. Every caller meanwhile shares that one.
    queued ??= reloading
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = undefined;
        return reload();
      });
    return queued;
  };

  const findDocument = (doc?: string): CorpusDocument => {
    const docs = state.index.units.documents;
    if (!doc) {
      if (docs.length === 1) return docs[0]!;
      throw new UserError(`Name a document: ${docs.map((d) => d.id).join(', ')}.`);
    }
    const found = docs.find((d) => d.id === doc);
    if (!found) throw new UserError(`No document "${doc}". Documents: ${docs.map((d) => d.id).join(', ')}.`);
    return found;
  };

  return {
    ask,
    summarize: async ({ doc, length } = {}) => {
      const document = findDocument(doc);
      return summarizeDocument(document, embeddings.glove, {
        length: length ?? 'medium',
        llm,
        multiDoc: state.index.units.documents.length > 1,
      });
    },
    paragraph(n, doc) {
      const document = findDocument(doc);
      const p = document.paragraphs[n - 1];
      if (!Number.isInteger(n) || !p)
        throw new UserError(`${document.id} has paragraphs ¶1–¶${document.paragraphs.length}; there is no ¶${n}.`);
      return p;
    },
    documents: () => state.index.units.documents,
    info: () => ({
      mode: llm ? 'llm' : 'extractive',
      ...(llm ? { model: llm.model } : {}),
      embeddings: embeddings.info.model,
      corpusDir: config.corpusDir,
      corpusHash: state.corpus.hash,
      indexDir: config.indexDir,
      counts: state.index.manifest.counts,
    }),
    reload,
  };
}
