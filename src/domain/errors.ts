/**
 * An error whose message is meant for the person who caused it (bad question, unknown
 * paragraph, missing permission). Everything else is logged and answered generically.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** CLI exit code when this ends a command: 2 for usage/input errors. */
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
