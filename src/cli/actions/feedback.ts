import { UserError } from '../../domain/errors.js';
import { renderFeedbackText, summarizeFeedback } from '../../eval/feedback-stats.js';
import { openExistingStore } from '../../storage/index.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { FeedbackOptions } from '../specs/feedback.js';

/** `feedback`: the votes in the bot's database, summed up by paragraph and by question. */
export async function feedback(options: FeedbackOptions, { config, io }: CommandContext): Promise<Outcome> {
  const from = options.from ?? config.dataDir;
  const store = openExistingStore(from);
  if (!store) throw new UserError(`No footnote database in ${from}: the bot creates it (footnote.db in DATA_DIR) when it starts.`);
  try {
    const summary = summarizeFeedback(await store.feedback.entries());
    io.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderFeedbackText(summary, options.top));
    return 'ok';
  } finally {
    await store.close();
  }
}
