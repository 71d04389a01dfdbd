import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { loadCorpus, type LoadedCorpus } from '../corpus/load.js';
import { createEmbeddings, type EmbeddingsBundle } from '../embeddings/factory.js';
import { gloveWordModel } from '../embeddings/word-model.js';
import type { CorpusIndex } from '../index/build.js';
import { openIndex } from '../index/open.js';
import { answerQuestion, type AskOptions } from './ask.js';
import { UserError } from './errors.js';
import type { AskResult, CorpusDocument, Paragraph, SummaryResult } from './types.js';
import { summarizeDocument, type SummaryLength } from '../answer/summary.js';
import { ViewCache, type WordModel } from '../answer/support.js';

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
  /** Re-reads the corpus; rebuilds and swaps the index if it changed. Serves the old one meanwhile. */
  reload(): Promise<{ changed: boolean; rebuilt?: string }>;
}

export interface FootnoteDeps {
  config: Config;
  log: Logger;
  /** Optional generated-answer layer (LLM mode). */
  llm?: import('./ask.js').LlmLayer;
}

interface State {
  corpus: LoadedCorpus;
  index: CorpusIndex;
  views: ViewCache;
}

export async function createFootnote({ config, log, llm }: FootnoteDeps): Promise<Footnote> {
  const embeddings: EmbeddingsBundle = await createEmbeddings(config, log);
  const words: WordModel = gloveWordModel(embeddings.glove, embeddings.vocabularySize);
  const open = async (corpus: LoadedCorpus, force = false) =>
    openIndex(config.indexDir, corpus, embeddings.info, log, { forceRebuild: force });
  const corpus = await loadCorpus(config.corpusDir);
  const opened = await open(corpus);
  let state: State = { corpus, index: opened.index, views: new ViewCache(words) };
  let reloading: Promise<{ changed: boolean; rebuilt?: string }> | undefined;

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
    ask: (question, options = {}) =>
      answerQuestion(question, options, { index: state.index, views: state.views, embeddings, words, maxQuestionChars: config.maxQuestionChars, llm, log }),
    summarize: async ({ doc, length } = {}) => {
      const document = findDocument(doc);
      return summarizeDocument(document, embeddings.glove, { length: length ?? 'medium', llm, multiDoc: state.index.units.documents.length > 1 });
    },
    paragraph(n, doc) {
      const document = findDocument(doc);
      const p = document.paragraphs[n - 1];
      if (!Number.isInteger(n) || !p) throw new UserError(`${document.id} has paragraphs ¶1–¶${document.paragraphs.length}; there is no ¶${n}.`);
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
    reload() {
      // One reload at a time; callers during a reload share its result.
      reloading ??= (async () => {
        try {
          const next = await loadCorpus(config.corpusDir);
          if (next.hash === state.corpus.hash) return { changed: false };
          const result = await open(next);
          state = { corpus: next, index: result.index, views: new ViewCache(words) };
          return { changed: true, ...(result.rebuilt ? { rebuilt: result.rebuilt } : {}) };
        } finally {
          reloading = undefined;
        }
      })();
      return reloading;
    },
  };
}
