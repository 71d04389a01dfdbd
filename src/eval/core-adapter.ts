import type { Footnote } from '../app/footnote.js';
import type { EvalCore } from './pipeline.js';
import type { JudgeFn } from './types.js';

export interface EvalCoreOptions {
  judge?: JudgeFn;
  /**
   * Record the corpus folder in results.json (default true). Off for reports that leave the
   * machine, such as `/eval` attachments: a server's paths are nobody else's business.
   */
  corpusDir?: boolean;
}

/** The eval pipeline's view of the answering core: the same `ask` the bot and the CLI use. */
export function evalCoreFromFootnote(footnote: Footnote, options: EvalCoreOptions = {}): EvalCore {
  return {
    ...(options.judge ? { judge: options.judge } : {}),
    // `fresh`: an evaluation measures answering, not the answer cache.
    ask: (question, o) =>
      footnote.ask(question, {
        fresh: true,
        ...(o?.doc ? { doc: o.doc } : {}),
        ...(o?.history ? { history: o.history } : {}),
        ...(o?.signal ? { signal: o.signal } : {}),
      }),
    describeConfig: () => {
      const info = footnote.info();
      return {
        mode: info.mode,
        ...(info.model ? { model: info.model } : {}),
        embeddings: info.embeddings,
        corpusHash: info.corpusHash,
        ...(options.corpusDir === false ? {} : { corpusDir: info.corpusDir }),
        documents: info.counts.documents,
        paragraphs: info.counts.paragraphs,
      };
    },
    paragraphText: (doc, n) => footnote.documents().find((d) => d.id === doc)?.paragraphs[n - 1]?.text,
  };
}
