import type { Readable, Writable } from 'node:stream';

/** The process's streams as a command sees them; tests pass their own. */
export interface CliIO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** A person is typing (the shell greets, keeps a conversation and follows corpus edits). */
  stdinIsTTY: boolean;
  /** A person is watching stderr: progress bars instead of plain lines. */
  stderrIsTTY: boolean;
  /**
   * The environment the process started with, for child processes a command starts (bench,
   * burst, shards). Commands read their settings from the validated config, never from here.
   */
  env: Record<string, string | undefined>;
}
