import { noticeText } from '../../commands/notice-text.js';
import { errorForLog } from './errors.js';
import { parseButtonId } from './feedback-buttons.js';
import type { ButtonClick, FlowDeps } from './ports.js';
import { notice } from './render.js';
import { sourcesMessages } from './sources.js';

/**
 * A click on a button under an answer: 👍/👎 records the clicker's vote (replacing an earlier
 * one), "Show sources" shows the cited paragraphs in full. Both answer privately.
 */
export async function runButton(deps: FlowDeps, click: ButtonClick): Promise<void> {
  const parsed = parseButtonId(click.customId);
  const t = noticeText((await deps.policy.settings(click.place.guildId)).language);
  if (!parsed) {
    click.log.warn({ customId: click.customId }, 'unknown button');
    return click.reply(notice(t.staleAnswer), true);
  }
  const answer = await deps.answers.get(parsed.answerId).catch((error: unknown) => {
    click.log.error({ err: errorForLog(error, deps.secrets) }, 'could not read the answer');
    return undefined;
  });
  if (!answer) return click.reply(notice(t.staleAnswer), true);

  if (parsed.action === 'sources') {
    const documents = deps.footnote.documents();
    const [first, ...rest] = sourcesMessages(
      answer,
      (ref) => documents.find((d) => d.id === ref.doc)?.paragraphs.find((p) => p.n === ref.paragraph),
      (doc) => documents.find((d) => d.id === doc)?.title ?? doc,
      documents.length > 1,
    );
    await click.reply(first!, true);
    for (const m of rest) await click.followUp(m, true);
    return;
  }

  let previous: string | undefined;
  try {
    ({ previous } = await deps.feedback.vote({
      answerId: answer.id,
      vote: parsed.action,
      userId: click.invoker.userId,
      ...(click.place.guildId ? { guildId: click.place.guildId } : {}),
      channelId: click.place.channelId,
    }));
  } catch (error) {
    click.log.error({ err: errorForLog(error, deps.secrets) }, 'could not record feedback');
    return click.reply(notice(t.saveFailed), true);
  }
  click.log.info({ vote: parsed.action, previous, answerId: answer.id }, 'feedback recorded');
  await click.reply(notice(t.feedbackThanks(parsed.action, previous !== undefined && previous !== parsed.action)), true);
}
