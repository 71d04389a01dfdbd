import { findCommand } from '../../commands/index.js';
import type { Footnote } from '../../app/footnote.js';
import type { CommandContext, OptionValue, Reply } from '../../commands/types.js';
import type { Logger } from '../../compose/log.js';
import { errorForLog, userFacingError } from './errors.js';
import { feedbackRow } from './feedback-buttons.js';
import { cooldownNotice, INTERRUPTED, postedNotice, SHUTTING_DOWN, UNKNOWN_COMMAND } from './notices.js';
import { placeRefusal, type Place } from './permissions.js';
import type { CommandCall, FlowDeps } from './ports.js';
import { notice, replyContent, streamingContent, toMessages, type OutgoingMessage } from './render.js';
import { createStreamPreview, type StreamPreview } from './stream.js';
import { BUSY_MESSAGE } from './queue.js';

/**
 * Renders a reply for Discord. An answer is first stored so its 👍/👎
 * buttons (and later follow-ups) can find the question, answer and citations by id.
 */
export async function messagesFor(
  deps: FlowDeps,
  reply: Reply,
  place: Place,
  footnote: Footnote = deps.footnote,
): Promise<OutgoingMessage[]> {
  const options = { multiDoc: footnote.documents().length > 1 };
  if (reply.kind === 'text' && reply.files?.length) {
    const messages = toMessages(replyContent(reply, options));
    // Attached after the whole text, like an answer's buttons.
    messages[messages.length - 1]!.files = reply.files;
    return messages;
  }
  if (reply.kind !== 'answer') return toMessages(replyContent(reply, options));
  const record = await deps.answers.add(reply.result, { ...(place.guildId ? { guildId: place.guildId } : {}), channelId: place.channelId });
  return toMessages(replyContent(reply, options), [feedbackRow(record.id)]);
}

export function commandContext(
  deps: FlowDeps,
  base: { invoker: CommandContext['invoker']; log: Logger },
  extra: Partial<CommandContext> = {},
): CommandContext {
  return {
    footnote: deps.footnote,
    ...(deps.articles ? { articles: deps.articles } : {}),
    ...(deps.fetchPage ? { fetchPage: deps.fetchPage } : {}),
    config: deps.config,
    log: base.log,
    invoker: base.invoker,
    surface: 'discord',
    signal: deps.shutdownSignal,
    ...extra,
  };
}

/**
 * A slash command: cheap checks (shutdown, place, cooldown) answer at once; everything else is
 * deferred first — before any retrieval — then waits for an answer slot, runs the handler and
 * replaces the deferred reply. Extra parts of a long reply follow as follow-up messages.
 */
export async function runCommand(deps: FlowDeps, call: CommandCall): Promise<void> {
  const command = findCommand(deps.commands, call.name);
  if (!command) return call.reply(notice(UNKNOWN_COMMAND), true);
  if (deps.isClosing()) return call.reply(notice(SHUTTING_DOWN), true);
  const refusal = placeRefusal(deps.config.discord, call.place);
  if (refusal) return call.reply(notice(refusal), true);
  if (command.costly) {
    const taken = deps.cooldown.take(call.invoker.userId);
    if (!taken.ok) return call.reply(notice(cooldownNotice(taken.retryAt, Date.now(), deps.config.discord.cooldown)), true);
  }
  // A full queue is told so in one ephemeral reply, rather than defer + delete + follow-up
  // at the moment the REST budget is scarcest.
  if (command.costly && deps.limiter.full) return call.reply(notice(BUSY_MESSAGE), true);
  const ephemeral = command.ephemeral?.(call.options) ?? false;
  await call.defer(ephemeral);
  const progress = { delivered: false };

  let stream: StreamPreview | undefined;
  try {
    if (deps.footnote.info().mode === 'llm') {
      stream = createStreamPreview({
        intervalMs: deps.streamIntervalMs,
        edit: (partial) => call.edit({ content: streamingContent(partial), components: [] }),
        onError: (error) => call.log.warn({ err: errorForLog(error, deps.secrets) }, 'streaming edit failed'),
      });
    }
    // The server's current article (or the one a `doc` option names) answers; /article
    // handles its own `doc` option, which names articles to switch to or remove.
    const served = command.servesArticle === false ? undefined : await serverArticle(deps, call.invoker.guildId, call.options);
    const ctx = commandContext(deps, call, {
      ...(stream ? { onToken: stream.onToken } : {}),
      ...(served ? { footnote: served.footnote } : {}),
    });
    const options = served?.doc ? { ...call.options, doc: served.doc } : call.options;
    const started = performance.now();
    const reply = command.costly ? await deps.limiter.run(() => command.handle(ctx, options)) : await command.handle(ctx, options);
    await stream?.finish();
    await deliver(deps, call, reply, ephemeral, progress, ctx.footnote);
    call.log.info(
      {
        ms: Math.round(performance.now() - started),
        kind: reply.kind,
        ...(reply.kind === 'answer'
          ? { answerable: reply.result.answerable, citations: reply.result.citations.length, mode: reply.result.mode }
          : {}),
      },
      'answered',
    );
  } catch (error) {
    await stream?.finish();
    const message = deps.shutdownSignal.aborted ? notice(INTERRUPTED) : userFacingError(error, call.log, deps.secrets);
    await sendFailure(call, message, ephemeral, deps.secrets, progress.delivered);
  }
}

/** What answers in a server: its current article, or the document a `doc` option names. */
export async function serverArticle(
  deps: FlowDeps,
  guildId: string | undefined,
  options: Record<string, OptionValue> = {},
): Promise<{ footnote: Footnote; doc?: string } | undefined> {
  if (!deps.articles) return undefined;
  const doc = typeof options.doc === 'string' && options.doc.trim() ? options.doc.trim() : undefined;
  const resolved = await deps.articles.resolve(guildId, doc);
  return { footnote: resolved.footnote, ...(resolved.doc ? { doc: resolved.doc } : {}) };
}

async function deliver(
  deps: FlowDeps,
  call: CommandCall,
  reply: Reply,
  ephemeral: boolean,
  progress: { delivered: boolean },
  footnote: Footnote,
): Promise<void> {
  const messages = await messagesFor(deps, reply, call.place, footnote);
  if (reply.kind === 'summary' && reply.postTo) {
    for (const m of messages) await call.post(reply.postTo, m);
    await call.edit(notice(postedNotice(reply.postTo)));
    return;
  }
  const [first, ...rest] = messages;
  await call.edit({ components: [], ...first! });
  progress.delivered = true;
  for (const m of rest) await call.followUp(m, ephemeral);
  if (reply.kind === 'text' && reply.announce) {
    // Posted like /summary post_to, through the same channel checks; a refusal is added privately.
    const { channelId, summary } = reply.announce;
    try {
      for (const m of await messagesFor(deps, { kind: 'summary', summary }, call.place, footnote)) await call.post(channelId, m);
      await call.followUp(notice(postedNotice(channelId)), true);
    } catch (error) {
      await call.followUp(userFacingError(error, call.log, deps.secrets), true);
    }
  }
}

/**
 * Errors are private: a public deferral is swapped for an ephemeral follow-up. Once part of the
 * answer was delivered it stays; the note is only added.
 */
async function sendFailure(
  call: CommandCall,
  message: OutgoingMessage,
  ephemeral: boolean,
  secrets: FlowDeps['secrets'],
  delivered: boolean,
): Promise<void> {
  try {
    if (delivered) {
      await call.followUp(message, true);
      return;
    }
    if (ephemeral) {
      await call.edit({ ...message, components: [] });
      return;
    }
    await call.deleteReply().catch(() => undefined);
    await call.followUp(message, true);
  } catch (error) {
    call.log.warn({ err: errorForLog(error, secrets) }, 'could not report the failure to the user');
  }
}
