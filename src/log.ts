import pino, { type Logger } from 'pino';

export type { Logger };

/** Paths whose values are replaced before any log line is written. */
export const REDACTED_PATHS = [
  'token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization',
  '*.headers.authorization', 'DISCORD_TOKEN', 'OPENAI_API_KEY', 'config.discord.token', 'config.llm.apiKey',
];

/**
 * The process logger (pino, JSON to stderr so stdout stays clean for `--json`). Secrets are
 * redacted by path here, and scrubbed by value in `scrubSecrets` for free text such as errors.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: undefined }, destination);
}

/** Replaces every occurrence of the given secrets (and Discord-token-shaped strings) in a text. */
export function scrubSecrets(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out.replace(/[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, '[redacted]');
}
