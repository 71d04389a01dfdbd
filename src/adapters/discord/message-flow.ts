import { findCommand } from '../../commands/index.js';
import type { Turn } from '../../domain/types.js';
import { commandContext, messagesFor, serverArticle } from './command-flow.js';
import { historyFrom, threadName } from './conversation.js';
import { errorForLog, userFacingError } from './errors.js';
import { cooldownNotice, EMPTY_MENTION, INTERRUPTED } from './notices.js';
import { placeRefusal } from './permissions.js';
import type { Conversation, FlowDeps, MessageQuestion } from './ports.js';
import { notice } from './render.js';

const TYPING_EVERY_MS = 8000;

/**
 * A question in a message. An @mention (or a reply to an answer) in a channel gets a thread
 * started from the question and the answer inside it; in that thread, and in DMs, later
 * messages are follow-ups that need no mention and carry the earlier turns as history.
 */
export async function runMessage(deps: FlowDeps, q: MessageQuestion): Promise<void> {
  if (deps.isClosing()) return;
  const refusal = placeRefusal(deps.config.discord, q.place);
  if (refusal) return q.inPlace().send(notice(refusal));
  if (!/[\p{L}\p{N}]/u.test(q.text)) {
    // A bare mention or an emoji in a thread is not a question; only a bare @mention gets a hint.
    if (q.kind === 'mention' || q.kind === 'reply') await q.inPlace().send(notice(EMPTY_MENTION));
    return;
  }
  const taken = deps.cooldown.take(q.invoker.userId);
  if (!taken.ok) return q.inPlace().send(notice(cooldownNotice(taken.retryAt, Date.now(), deps.config.discord.cooldown)));

  const target = await conversationFor(deps, q);
  const stopTyping = keepTyping(target);
  try {
    const history = await historyFor(deps, q);
    const ask = findCommand(deps.commands, 'ask')!;
    const served = await serverArticle(deps, q.place.guildId);
    const ctx = commandContext(deps, q, { ...(history.length ? { history } : {}), ...(served ? { footnote: served.footnote } : {}) });
    const reply = await deps.limiter.run(() => ask.handle(ctx, { question: q.text, ...(served?.doc ? { doc: served.doc } : {}) }));
    stopTyping();
    for (const m of await messagesFor(deps, reply, q.place, ctx.footnote)) await target.send(m);
    q.log.info(
      {
        kind: q.kind,
        turns: history.length,
        ...(reply.kind === 'answer' ? { answerable: reply.result.answerable, mode: reply.result.mode } : {}),
      },
      'answered',
    );
  } catch (error) {
    stopTyping();
    const message = deps.shutdownSignal.aborted ? notice(INTERRUPTED) : userFacingError(error, q.log, deps.secrets);
    await target.send(message).catch((e: unknown) => q.log.warn({ err: errorForLog(e, deps.secrets) }, 'could not report the failure'));
  }
}

async function conversationFor(deps: FlowDeps, q: MessageQuestion): Promise<Conversation> {
  if (q.kind === 'thread' || q.kind === 'dm') return q.here();
  if (!q.canStartThread) return q.inPlace();
  try {
    return await q.startThread(threadName(q.text));
  } catch (error) {
    // No thread permission, or a thread already exists for this message: answer in place.
    q.log.warn({ err: errorForLog(error, deps.secrets) }, 'could not start a thread; replying in place');
    return q.inPlace();
  }
}

async function historyFor(deps: FlowDeps, q: MessageQuestion): Promise<Turn[]> {
  const lookup = (id: string) => deps.answers.get(id);
  if (q.kind === 'reply') {
    const record = q.repliedAnswerId ? await lookup(q.repliedAnswerId) : undefined;
    return record ? [{ question: record.question, answer: record.answer, citations: record.citations }] : [];
  }
  if (q.kind === 'mention') return [];
  try {
    return await historyFrom(await q.recentMessages(), q.botId, lookup);
  } catch (error) {
    q.log.warn({ err: errorForLog(error, deps.secrets) }, 'could not read the conversation; answering without history');
    return [];
  }
}

/** Discord shows "footnote is typing…" for 10 s per call; renewed while the answer is worked on. */
function keepTyping(target: Conversation): () => void {
  const pulse = () => void target.typing().catch(() => undefined);
  pulse();
  const timer = setInterval(pulse, TYPING_EVERY_MS);
  return () => clearInterval(timer);
}
