import { createApp } from '../compose/bootstrap.js';
import { evalCoreFromFootnote } from '../eval/core-adapter.js';
import { runEvalCli } from '../eval/cli.js';
import type { Logger } from '../compose/log.js';
import type { CliIO } from './io.js';

/** `eval`: the question-set runner over the same core as the bot (see src/eval). */
export async function runEval(argv: string[], io: CliIO, log: Logger): Promise<number> {
  return runEvalCli(argv, {
    stdout: io.stdout,
    stderr: io.stderr,
    isTTY: io.isTTY,
    loadCore: async ({ corpusDir }) => {
      const app = await createApp(io.env, corpusDir ? { corpusDir } : {}, log);
      // Faithfulness judged by the configured model, when there is one (reported, never gated).
      const judge = app.config.llm ? await (await import('../eval/judge.js')).createJudge(app.config.llm) : undefined;
      return evalCoreFromFootnote(app.footnote, judge ? { judge } : {});
    },
  });
}
