import { randomBytes } from 'node:crypto';
import { isUserError } from '../../domain/errors.js';
import { scrubSecrets } from '../../compose/log.js';
import { escapeMarkdown } from './markdown.js';
import { noticeText, type NoticeText } from '../../commands/notice-text.js';
import { BusyError } from './queue.js';
import { notice, type OutgoingMessage } from './render.js';

export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

// Interaction and webhook tokens sit in REST URLs that discord.js puts in error messages.
const URL_TOKENS = /(\/(?:webhooks|interactions)\/\d+\/)[\w.-]{20,}/g;

export function scrub(text: string, secrets: (string | undefined)[]): string {
  return scrubSecrets(text, secrets).replace(URL_TOKENS, '$1[redacted]');
}

/** An error as a log field: what happened, where, never a token. */
export function errorForLog(error: unknown, secrets: (string | undefined)[]): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrub(String(error), secrets) };
  const e = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  return {
    type: e.name,
    message: scrub(e.message, secrets),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.method === 'string' ? { method: e.method } : {}),
    ...(typeof e.url === 'string' ? { url: scrub(e.url, secrets) } : {}),
    ...(e.stack ? { stack: scrub(e.stack, secrets) } : {}),
  };
}

/**
 * What the person sees: a UserError's own message, anything else a short apology with an id
 * that finds the details in the log (logged here, once).
 */
export function userFacingError(
  error: unknown,
  log: { error(o: object, msg: string): void },
  secrets: (string | undefined)[],
  t: NoticeText = noticeText('en'),
): OutgoingMessage {
  if (error instanceof BusyError) return notice(t.busy);
  // UserError messages may echo what was typed (a document name), so they are escaped.
  if (isUserError(error)) return notice(escapeMarkdown(error.message));
  const errorId = newErrorId();
  log.error({ err: errorForLog(error, secrets), errorId }, 'request failed');
  return notice(t.genericError(errorId));
}

/** Said when Discord refuses the token, by the gateway (4004) or by REST (401). */
export const TOKEN_REJECTED = 'Discord rejected DISCORD_TOKEN (reset it under Bot → Token in the developer portal).';
