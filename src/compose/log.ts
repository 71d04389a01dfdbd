import pino, { type Logger } from 'pino';

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

/** The secrets a process knows, from its environment, for `createLogger` and `scrubSecrets`. */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  return [env.DISCORD_TOKEN, env.OPENAI_API_KEY].filter((s): s is string => !!s && s.length >= 6);
}

/** Replaces every occurrence of the given secrets (and Discord-token-shaped strings) in a text. */
export function scrubSecrets(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join('[redacted]');
  return out.replace(/[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, '[redacted]');
}
