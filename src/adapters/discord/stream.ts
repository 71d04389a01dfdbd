/** Shows a generated answer while it streams, with at most one edit per `intervalMs`. */
export interface StreamPreview {
  onToken(token: string): void;
  /** Stops previewing and waits for an edit in progress, so the final answer lands last. */
  finish(): Promise<void>;
}

export interface StreamPreviewOptions {
  edit(partial: string): Promise<void>;
  /** Discord allows about 5 edits per 5 s per message; one a second stays well inside. */
  intervalMs?: number;
  onError?(error: unknown): void;
  now?: () => number;
}

export function createStreamPreview({ edit, intervalMs = 1000, onError, now = Date.now }: StreamPreviewOptions): StreamPreview {
  let text = '';
  let lastEdit = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  let editing: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    if (done) return;
    lastEdit = now();
    const snapshot = text;
    editing = editing.then(() => (done ? undefined : edit(snapshot))).catch((error: unknown) => onError?.(error));
  };

  return {
    onToken(token) {
      if (done) return;
      text += token;
      if (timer || !text.trim()) return;
      timer = setTimeout(flush, Math.max(0, lastEdit + intervalMs - now()));
    },
    async finish() {
      done = true;
      clearTimeout(timer);
      timer = undefined;
      await editing;
    },
  };
}
