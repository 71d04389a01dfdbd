import type { Footnote } from '../app/footnote.js';
import type { EvalCore } from './cli.js';
import type { JudgeFn } from './types.js';

/** The eval runner's view of the answering core: the same `ask` the bot and the CLI use. */
export function evalCoreFromFootnote(footnote: Footnote, judge?: JudgeFn): EvalCore {
  return {
    ...(judge ? { judge } : {}),
    // `fresh`: an evaluation measures answering, not the answer cache.
    ask: (question, options) => footnote.ask(question, { fresh: true, ...(options?.doc ? { doc: options.doc } : {}) }),
    describeConfig: () => {
      const info = footnote.info();
      return {
        mode: info.mode,
        ...(info.model ? { model: info.model } : {}),
        embeddings: info.embeddings,
        corpusHash: info.corpusHash,
        corpusDir: info.corpusDir,
        documents: info.counts.documents,
        paragraphs: info.counts.paragraphs,
      };
    },
    paragraphText: (doc, n) => footnote.documents().find((d) => d.id === doc)?.paragraphs[n - 1]?.text,
  };
}
