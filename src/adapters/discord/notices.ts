import { plural } from '../../text/plural.js';

/** The fixed wording footnote uses in Discord besides answers (kept together for review). */

export function cooldownNotice(retryAt: number, now: number, limit: { questions: number; seconds: number }): string {
  const seconds = Math.max(1, Math.ceil((retryAt - now) / 1000));
  const again = `<t:${Math.ceil(retryAt / 1000)}:R>`;
  return `You've asked ${plural(limit.questions, 'question')} in the last ${limit.seconds} s. You can ask again ${again} (in ${seconds} s).`;
}

export const SHUTTING_DOWN = 'footnote is restarting; please ask again in a minute.';
export const INTERRUPTED = 'footnote restarted before this answer was ready; please ask again.';
export const EMPTY_MENTION = 'Ask me a question about the article after the mention, e.g. “@footnote who took part in the talks?”';
export const UNKNOWN_COMMAND = 'I do not know that command (the command list may be out of date). Try /help.';
export const STALE_FEEDBACK = 'Thanks! That answer is too old for feedback to be recorded, though.';

export function genericError(errorId: string): string {
  return `Something went wrong while answering (error id \`${errorId}\`). The details are in the log; please try again.`;
}

export function feedbackThanks(vote: 'up' | 'down'): string {
  return vote === 'up' ? 'Thanks — your 👍 is recorded.' : 'Thanks — your 👎 is recorded; it helps us find weak answers.';
}

export function postedNotice(channelId: string): string {
  return `Posted the summary in <#${channelId}>.`;
}
