import pino, { type Logger } from 'pino';
import type { Config, LogLevel } from './config.js';

export type { Logger };

/** Paths whose values are replaced before any log line is written. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'DISCORD_TOKEN',
  'OPENAI_API_KEY',
  'config.discord.token',
  'config.llm.apiKey',
];

/**
 * The process logger (pino, JSON to stderr so stdout stays clean for `--json`). Secrets are
 * redacted by path, and every line is scrubbed by value too: an error message may quote a key
 * (some OpenAI-compatible servers echo it in their 401 text).
 */
export function createLogger(
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
  secrets: (string | undefined)[] = [],
): Logger {
  const known = secrets.filter((s): s is string => !!s && s.length >= 6);
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: undefined,
      hooks: { streamWrite: (line) => scrubSecrets(line, known) },
    },
    destination,
  );
}

/**
 * The process logger built from validated config: its level (or `fallback` when LOG_LEVEL is not
 * set) and, always, the config's secrets for the scrubber.
 */
export function loggerFromConfig(
  config: Pick<Config, 'logLevel' | 'discord' | 'llm'>,
  fallback: LogLevel,
  destination?: pino.DestinationStream,
): Logger {
  return createLogger(config.logLevel ?? fallback, destination, secretsOfConfig(config));
}

/** The secrets in a validated config (the Discord token, the model key). */
export function secretsOfConfig(config: Pick<Config, 'discord' | 'llm'>): string[] {
  return [config.discord.token, config.llm?.apiKey].filter((s): s is string => !!s && s.length >= 6);
}

/** Replaces every occurrence of the given secrets (and Discord-token-shaped strings) in a text. */
export function scrubSecrets(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out.replace(/[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, '[redacted]');
}
