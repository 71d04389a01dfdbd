import { errorForLog } from './errors.js';
import { parseFeedbackId } from './feedback-buttons.js';
import { feedbackThanks, STALE_FEEDBACK } from './notices.js';
import type { ButtonClick, FlowDeps } from './ports.js';
import { notice } from './render.js';

/** A 👍/👎 click: the clicker's vote on the answer (replacing an earlier one), acknowledged privately. */
export async function runButton(deps: FlowDeps, click: ButtonClick): Promise<void> {
  const parsed = parseFeedbackId(click.customId);
  if (!parsed) {
    click.log.warn({ customId: click.customId }, 'unknown button');
    return click.reply(notice('That button is no longer in use.'), true);
  }
  let previous: string | undefined;
  try {
    const answer = await deps.answers.get(parsed.answerId);
    if (!answer) return click.reply(notice(STALE_FEEDBACK), true);
    ({ previous } = await deps.feedback.vote({
      answerId: answer.id,
      vote: parsed.vote,
      userId: click.invoker.userId,
      ...(click.place.guildId ? { guildId: click.place.guildId } : {}),
      channelId: click.place.channelId,
    }));
  } catch (error) {
    click.log.error({ err: errorForLog(error, deps.secrets) }, 'could not record feedback');
    return click.reply(notice('Sorry, your feedback could not be saved this time.'), true);
  }
  click.log.info({ vote: parsed.vote, previous, answerId: parsed.answerId }, 'feedback recorded');
  await click.reply(notice(feedbackThanks(parsed.vote)), true);
}
