import type { Turn } from '../../domain/types.js';
import type { AnswerRecord } from '../../storage/store.js';
import { answerIdIn } from './feedback-buttons.js';

/** What conversation memory needs to know about one message of a thread or DM. */
export interface SeenMessage {
  authorId: string;
  customIds: string[];
}

/** Earlier turns handed to the core for follow-ups ("what did he say about it?"). */
export const HISTORY_TURNS = 3;
/** Messages fetched from a thread to find those turns. */
export const HISTORY_FETCH = 25;

/**
 * Thread memory is the thread itself: the bot's earlier answers in it carry feedback buttons
 * whose answer ids lead to the stored question and answer. Reading the thread (one REST call)
 * rather than keeping per-thread state means follow-ups survive restarts and run on any shard,
 * and a deleted answer is forgotten as people would expect.
 *
 * `messages` come newest first (as Discord returns them); the turns come oldest first.
 */
export async function historyFrom(
  messages: SeenMessage[],
  botId: string,
  lookup: (id: string) => Promise<AnswerRecord | undefined>,
  maxTurns = HISTORY_TURNS,
): Promise<Turn[]> {
  const turns: Turn[] = [];
  for (const m of messages) {
    if (turns.length >= maxTurns) break;
    if (m.authorId !== botId) continue;
    const id = answerIdIn(m.customIds);
    const record = id ? await lookup(id) : undefined;
    if (record) turns.push({ question: record.question, answer: record.answer, citations: record.citations });
  }
  return turns.reverse();
}

/** Removes mentions of the bot (user or its managed role) from a message. */
export function stripBotMention(content: string, botId: string, botRoleId?: string): string {
  const pattern = new RegExp(`<@!?${botId}>${botRoleId ? `|<@&${botRoleId}>` : ''}`, 'g');
  return content.replace(pattern, ' ').replace(/\s+/g, ' ').trim();
}

/** A thread title from the question (Discord allows 1–100 characters). */
export function threadName(question: string): string {
  const clean = question
    .replace(/<[@#][!&]?\d+>|@(everyone|here)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!clean) return 'Question';
  return clean.length <= 90 ? clean : `${clean.slice(0, 89).trimEnd()}…`;
}
