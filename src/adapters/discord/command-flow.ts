import { findCommand } from '../../commands/index.js';
import type { Footnote } from '../../app/footnote.js';
import type { CommandContext, OptionValue, Reply } from '../../commands/types.js';
import type { Logger } from '../../compose/log.js';
import { errorForLog, userFacingError } from './errors.js';
import { feedbackRow } from './feedback-buttons.js';
import { noticeText, type NoticeText } from '../../commands/notice-text.js';
import type { ServerSettings } from '../../storage/guild-settings.js';
import { cooldownKey } from './cooldown.js';
import { channelAllowed, type Place } from './permissions.js';
import type { CommandCall, FlowDeps } from './ports.js';
import { notice, replyContent, streamingContent, toMessages, type OutgoingMessage } from './render.js';
import { createStreamPreview, type StreamPreview } from './stream.js';

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
  settings: ServerSettings,
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
    settings,
    settingsStore: deps.settingsStore,
    messageContent: deps.messageContent(),
    ...extra,
  };
}

/**
 * Whether the place is one where footnote answers (its server's channels; DMs by policy), and
 * what to say when not: undefined when it may answer.
 */
export async function placeRefusal(
  deps: FlowDeps,
  place: Place,
  userId: string,
  settings: ServerSettings,
  t: NoticeText,
): Promise<string | undefined> {
  if (place.isDm) return (await deps.policy.dmAllowed(userId)) ? undefined : t.noDms;
  return channelAllowed(settings.allowedChannelIds, place) ? undefined : t.notHere(settings.allowedChannelIds);
}

/**
 * A slash command: cheap checks (shutdown, place, cooldown) answer at once; everything else is
 * deferred first — before any retrieval — then waits for an answer slot, runs the handler and
 * replaces the deferred reply. Extra parts of a long reply follow as follow-up messages.
 */
export async function runCommand(deps: FlowDeps, call: CommandCall): Promise<void> {
  const settings = await deps.policy.settings(call.place.guildId);
  const t = noticeText(settings.language);
  const command = findCommand(deps.commands, call.name);
  if (!command) return call.reply(notice(t.unknownCommand), true);
  if (deps.isClosing()) return call.reply(notice(t.shuttingDown), true);
  // /settings stays usable everywhere in the server: a moderator must be able to fix the channels.
  const refusal =
    command.definition.name === 'settings' ? undefined : await placeRefusal(deps, call.place, call.invoker.userId, settings, t);
  if (refusal) return call.reply(notice(refusal), true);
  if (command.costly) {
    const taken = deps.cooldown.take(cooldownKey(call.invoker.userId, call.place.guildId), settings.cooldown);
    if (!taken.ok) return call.reply(notice(t.cooldown(settings.cooldown, taken.retryAt, Date.now())), true);
  }
  // A full queue is told so in one ephemeral reply, rather than defer + delete + follow-up
  // at the moment the REST budget is scarcest.
  if (command.costly && deps.limiter.full) return call.reply(notice(t.busy), true);
  const ephemeral = command.ephemeral?.(call.options) ?? false;
  // Silent until the model streams tokens, which happens only after the reply is deferred.
  const stream: StreamPreview | undefined =
    deps.footnote.info().mode === 'llm'
      ? createStreamPreview({
          intervalMs: deps.streamIntervalMs,
          edit: (partial) => call.edit({ content: streamingContent(partial), components: [] }),
          onError: (error) => call.log.warn({ err: errorForLog(error, deps.secrets) }, 'streaming edit failed'),
        })
      : undefined;
  const work = async () => {
    // The server's current article (or the one a `doc` option names) answers; /article
    // handles its own `doc` option, which names articles to switch to or remove. Looked up
    // inside the answer slot, so a burst takes its places in the line at once.
    const served = command.servesArticle === false ? undefined : await serverArticle(deps, call.invoker.guildId, call.options);
    const ctx = commandContext(deps, call, settings, {
      ...(stream ? { onToken: stream.onToken } : {}),
      ...(served ? { footnote: served.footnote } : {}),
    });
    const options = served?.doc ? { ...call.options, doc: served.doc } : call.options;
    return { ctx, reply: await command.handle(ctx, options) };
  };
  // Take a place in the line now, before the deferral's round trip: a burst fills the line at
  // once, so the newcomers beyond it get the one-reply notice above. The work starts once the
  // reply is deferred, and the place is given up if deferring fails.
  let release: (go: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (release = resolve));
  const place = command.costly ? deps.limiter.run(async () => ((await ready) ? work() : undefined)) : undefined;
  place?.catch(() => undefined);
  try {
    await call.defer(ephemeral);
  } catch (error) {
    release(false);
    throw error;
  }
  const progress = { delivered: false };

  try {
    const started = performance.now();
    release(true);
    const done = place ? await place : await work();
    if (!done) throw new Error('answer slot abandoned');
    const { ctx, reply } = done;
    await stream?.finish();
    await deliver(deps, call, reply, ephemeral, progress, t, ctx.footnote);
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
    const message = deps.shutdownSignal.aborted ? notice(t.interrupted) : userFacingError(error, call.log, deps.secrets, t);
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
  t: NoticeText,
  footnote: Footnote,
): Promise<void> {
  const messages = await messagesFor(deps, reply, call.place, footnote);
  if (reply.kind === 'summary' && reply.postTo) {
    for (const m of messages) await call.post(reply.postTo, m);
    await call.edit(notice(t.posted(reply.postTo)));
    return;
  }
  const [first, ...rest] = messages;
  await call.edit({ components: [], ...first! });
  progress.delivered = true;
  for (const m of rest) await call.followUp(m, ephemeral);
  if (reply.kind === 'text' && reply.announce) {
    const announce = reply.announce;
    // Refused by the /summary post_to rules: said privately, in our own (formatted) words.
    if ('refused' in announce) return void (await call.followUp(notice(announce.refused), true));
    try {
      for (const m of await messagesFor(deps, { kind: 'summary', summary: announce.summary }, call.place, footnote))
        await call.post(announce.channelId, m);
      await call.followUp(notice(t.posted(announce.channelId)), true);
    } catch (error) {
      await call.followUp(userFacingError(error, call.log, deps.secrets, t), true);
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
