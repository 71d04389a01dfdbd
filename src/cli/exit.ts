import { ConfigError } from '../compose/config.js';
import { isUserError } from '../domain/errors.js';

/**
 * How an action ended when it did not throw. Failures the person can fix (bad arguments, bad
 * settings, a missing file) are thrown as UserError or ConfigError instead.
 */
export type Outcome = 'ok' | 'failed' | 'threshold-missed';

/** The exit codes of every command (README "Exit codes"). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The one mapping from how a command ended to its exit code: 0 ok; 1 a failure or a missed
 * threshold (eval, bench --check, soak, burst); 2 a usage, input or configuration error.
 */
export function exitCodeOf(ended: { outcome: Outcome } | { error: unknown }): ExitCode {
  if ('outcome' in ended) return ended.outcome === 'ok' ? EXIT.ok : EXIT.failure;
  return isUserError(ended.error) || ended.error instanceof ConfigError ? EXIT.usage : EXIT.failure;
}
