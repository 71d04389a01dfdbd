import type { Writable } from 'node:stream';

/** Where a CLI action writes; tests pass buffers, the entry point passes the process streams. */
export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  isTTY: boolean;
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
