/**
 * Which messages in a thread the bot opened are meant for it. People keep talking in those
 * threads ("thanks!", "haha ok", a reply to a friend); answering every line floods the channel.
 */
import type { ThreadMode } from '../../storage/guild-settings.js';

/** What the router knows about a message in a bot thread. */
export interface ThreadMessage {
  /** The text with the bot's mention removed. */
  text: string;
  /** The bot (or its managed role) is @mentioned. */
  mentioned: boolean;
  /** It replies to one of the bot's answers. */
  repliesToAnswer: boolean;
  /** It replies to some other message: a person's, or a notice of the bot's. */
  repliesToOther: boolean;
  /** It @mentions someone other than the bot: it is addressed to them. */
  mentionsOthers: boolean;
}

// Openers of questions and requests. English only: answers are about an English article, and a
// question in another language still counts when it ends with a question mark.
const OPENERS = new Set(
  (
    'who whom whose what which when where why how ' +
    'is are was were am do does did can could should would will shall may might must has have had ' +
    "isn't aren't wasn't weren't don't doesn't didn't can't couldn't won't wouldn't shouldn't " +
    'explain tell describe summarize summarise list define compare clarify show give'
  ).split(' '),
);

/** Reads as a question: ends with a question mark, or opens with a question word or a request. */
export function readsAsQuestion(text: string): boolean {
  const t = text.trim().replace(/’/g, "'");
  if (/[?？¿]\s*$/u.test(t) || t.startsWith('¿')) return true;
  const first = /^[\p{L}']+/u.exec(t.replace(/^[^\p{L}]+/u, ''))?.[0]?.toLowerCase();
  return first !== undefined && OPENERS.has(first);
}

/**
 * Should the bot answer this message in its thread?
 * - `mentions`: only when @mentioned or replied to (on one of its answers);
 * - `questions` (default): also a message that reads as a question, unless it is addressed to
 *   someone else (a reply to another message, or a mention of another person);
 * - `all`: every message, except replies and mentions addressed to someone else.
 */
export function answersInThread(mode: ThreadMode, m: ThreadMessage): boolean {
  if (m.mentioned || m.repliesToAnswer) return true;
  if (mode === 'mentions' || m.repliesToOther || m.mentionsOthers) return false;
  return mode === 'all' || readsAsQuestion(m.text);
}
