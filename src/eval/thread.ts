/**
 * A follow-up case is asked inside its thread: the earlier questions first, oldest first, each
 * with the answers before it, as a Discord thread or the shell would ask them. Only the case's
 * own question is graded; the earlier answers are whatever footnote said, right or wrong, so a
 * wrong first answer costs the follow-up as it would in a real thread.
 */
import type { AskResult, Turn } from '../domain/types.js';
import type { AskFn, EvalCase } from './types.js';

/** What a thread remembers of an answer (the shell and the bot keep the same). */
export function turnOf(result: AskResult): Turn {
  return { question: result.question, answer: result.answer, citations: result.citations, shortAnswer: result.short_answer };
}

export async function askInThread(ask: AskFn, c: Pick<EvalCase, 'question' | 'doc' | 'follows'>): Promise<AskResult> {
  const history: Turn[] = [];
  const options = () => ({ ...(c.doc === undefined ? {} : { doc: c.doc }), ...(history.length > 0 ? { history: [...history] } : {}) });
  for (const earlier of c.follows ?? []) history.push(turnOf(await ask(earlier, options())));
  return ask(c.question, options());
}
