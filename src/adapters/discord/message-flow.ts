import { findCommand } from '../../commands/index.js';
import { noticeText } from '../../commands/notice-text.js';
import type { Reply } from '../../commands/types.js';
import type { Turn } from '../../domain/types.js';
import { commandContext, messagesFor, placeRefusal, serverArticle } from './command-flow.js';
import { historyFrom, threadName } from './conversation.js';
import { cooldownKey } from './cooldown.js';
import { errorForLog, userFacingError } from './errors.js';
import { answersInThread } from './etiquette.js';
import type { Conversation, FlowDeps, MessageQuestion } from './ports.js';
import { notice } from './render.js';

const TYPING_EVERY_MS = 8000;

/**
 * A question in a message. An @mention (or a reply to an answer) in a channel gets a thread
 * started from the question and the answer inside it. In that thread the server's thread rule
 * decides which messages are for the bot (see etiquette.ts); those are follow-ups that need no
 * mention and carry the earlier turns as history. DMs are answered when the DM policy allows.
 *
 * Notices here (cooldown, busy, wrong channel) are public, as messages have no private replies,
 * so they are deleted after a few seconds.
 */
export async function runMessage(deps: FlowDeps, q: MessageQuestion): Promise<void> {
  if (deps.isClosing()) return;
  const settings = await deps.policy.settings(q.place.guildId);
  // Without the Message Content intent only mentions carry text: the thread rule is `mentions`.
  const mode = deps.messageContent() ? settings.threadMode : 'mentions';
  if (q.kind === 'thread' && !answersInThread(mode, q)) return;
  const t = noticeText(settings.language);
  const refusal = await placeRefusal(deps, q.place, q.invoker.userId, settings, t);
  if (refusal) {
    // In a thread of a channel that is no longer allowed, chat is simply left alone.
    if (q.kind === 'thread') return;
    return q.place.isDm ? q.inPlace().send(notice(refusal)) : q.inPlace().notice(notice(refusal));
  }
  if (!/[\p{L}\p{N}]/u.test(q.text)) {
    // A bare mention or an emoji is not a question; only a bare @mention gets a hint.
    if (q.kind === 'mention' || q.kind === 'reply') await q.inPlace().notice(notice(t.emptyMention));
    return;
  }
  const taken = deps.cooldown.take(cooldownKey(q.invoker.userId, q.place.guildId), settings.cooldown);
  if (!taken.ok) return q.inPlace().notice(notice(t.cooldown(settings.cooldown, taken.retryAt, Date.now())));
  // Checked before a thread is started for nothing. The place in line is taken at once, before
  // any await, so that a burst cannot fill the line while the thread is being started: the answer
  // waits in line for the job that the thread, history and article make.
  if (deps.limiter.full) return q.inPlace().notice(notice(t.busy));
  let begin: (job?: () => Promise<Reply>) => void = () => undefined;
  const job = new Promise<(() => Promise<Reply>) | undefined>((resolve) => (begin = resolve));
  const answering = deps.limiter.run(async () => (await job)?.());

  let target: Conversation | undefined;
  let stopTyping = () => undefined as void;
  try {
    target = await conversationFor(deps, q);
    stopTyping = keepTyping(target);
    const history = await historyFor(deps, q);
    const ask = findCommand(deps.commands, 'ask')!;
    const served = await serverArticle(deps, q.place.guildId);
    const ctx = commandContext(deps, q, settings, {
      ...(history.length ? { history } : {}),
      ...(served ? { footnote: served.footnote } : {}),
    });
    begin(() => ask.handle(ctx, { question: q.text, ...(served?.doc ? { doc: served.doc } : {}) }));
    const reply = (await answering)!;
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
    // Frees the place in line if the failure came before the job was handed over.
    begin();
    stopTyping();
    const message = deps.shutdownSignal.aborted ? notice(t.interrupted) : userFacingError(error, q.log, deps.secrets, t);
    await (target ?? q.inPlace())
      .send(message)
      .catch((e: unknown) => q.log.warn({ err: errorForLog(e, deps.secrets) }, 'could not report the failure'));
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
