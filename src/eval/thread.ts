/**
 * A follow-up case is asked inside its thread: the earlier questions first, oldest first, each
 * with the answers before it, as a Discord thread or the shell would ask them. Only the case's
 * own question is graded; the earlier answers are whatever footnote said, right or wrong, so a
 * wrong first answer costs the follow-up as it would in a real thread.
 */
import { turnOf, type AskResult, type Turn } from '../domain/types.js';
import type { AskFn, EvalCase } from './types.js';

export async function askInThread(ask: AskFn, c: Pick<EvalCase, 'question' | 'doc' | 'follows'>): Promise<AskResult> {
  const history: Turn[] = [];
  const options = () => ({ ...(c.doc === undefined ? {} : { doc: c.doc }), ...(history.length > 0 ? { history: [...history] } : {}) });
  for (const earlier of c.follows ?? []) history.push(turnOf(await ask(earlier, options())));
  return ask(c.question, options());
}
