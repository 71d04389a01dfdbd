/**
 * A long step the person is waiting for (converting the word vectors on a first start, building
 * the index), reported by the code doing it and drawn by whoever started it: the CLI draws a
 * bar on a terminal and plain lines otherwise; a library caller passes nothing.
 */
export interface Progress {
  /** A step begins. `total` is its size when known (then `update` reports how much is done). */
  start(step: string, total?: { amount: number; unit: string }): ProgressStep;
}

export interface ProgressStep {
  update(done: number): void;
  /** The step finished; `note` says what it produced. */
  done(note?: string): void;
  /** The step ended without finishing (the error is reported elsewhere). */
  fail(): void;
}
