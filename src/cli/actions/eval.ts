import { buildApp } from '../../compose/bootstrap.js';
import { evalCoreFromFootnote } from '../../eval/core-adapter.js';
import { runEvalCli, type EvalCommand } from '../../eval/cli.js';
import { summarizeFeedback } from '../../eval/feedback-stats.js';
import { openExistingStore } from '../../storage/index.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';

/** `eval`: the question-set runner over the same core as the bot (see src/eval). */
export async function runEval(command: EvalCommand, { config, log, io, progress }: CommandContext): Promise<Outcome> {
  const code = await runEvalCli(command, {
    stdout: io.stdout,
    stderr: io.stderr,
    isTTY: io.stderrIsTTY,
    // The bot's votes, when DATA_DIR holds its database: a feedback section in report.html.
    feedback: async () => {
      const store = openExistingStore(config.dataDir);
      if (!store) return undefined;
      try {
        return summarizeFeedback(await store.feedback.entries());
      } finally {
        await store.close();
      }
    },
    loadCore: async () => {
      const app = await buildApp(config, log, { progress });
      // Faithfulness judged by the configured model, when there is one (reported, never gated).
      const judge = config.llm ? await (await import('../../eval/judge.js')).createJudge(config.llm) : undefined;
      return evalCoreFromFootnote(app.footnote, judge ? { judge } : {});
    },
  });
  return code === 0 ? 'ok' : 'threshold-missed';
}
