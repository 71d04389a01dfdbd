import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { isHiddenFile } from '../corpus/load.js';
import type { Footnote } from './footnote.js';
import type { Logger } from 'pino';

export interface CorpusWatcher {
  /** Stops watching; a reload already running finishes on its own. */
  close(): void;
}

export interface WatchOptions {
  /** Quiet time after the last change before reloading (editors write files in bursts). */
  debounceMs?: number;
  /** fs.watch, replaceable in tests. */
  watch?: (dir: string, listener: (event?: string, filename?: string | null) => void) => FSWatcher;
}

const DEFAULT_DEBOUNCE_MS = 500;

/**
 * Hot reload for long-running adapters (Discord, the interactive shell): watches the corpus
 * folder and calls `footnote.reload()` once changes settle. The old index keeps answering while
 * the new one builds. Errors (a half-saved file, a folder briefly empty) are logged, never
 * thrown: the next change tries again. The watcher never keeps the process alive on its own.
 */
export function watchCorpus(
  footnote: Pick<Footnote, 'reload'>,
  dir: string,
  log: Pick<Logger, 'info' | 'warn'>,
  options: WatchOptions = {},
): CorpusWatcher {
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const reload = async () => {
    timer = undefined;
    try {
      const result = await footnote.reload();
      if (result.changed) log.info({ dir, rebuilt: result.rebuilt }, 'corpus changed; index reloaded');
    } catch (error) {
      log.warn({ dir, err: error }, 'corpus reload failed; still answering from the previous index');
    }
  };

  // Every event counts, whatever the file (a reload that finds the same corpus hash costs one
  // read of the folder), except for hidden files: the loader never reads them, and editors
  // touch theirs (lock files, swap files) on every keystroke or autosave. An event without a
  // file name (some platforms) counts.
  const onChange = (_event?: string, filename?: string | null) => {
    if (closed || (filename && isHiddenFile(filename))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
    timer.unref();
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = (options.watch ?? ((d, l) => fsWatch(d, { persistent: false }, l)))(dir, onChange);
    watcher.on('error', (error) => log.warn({ dir, err: error }, 'corpus watcher failed; hot reload is off (use /reload)'));
  } catch (error) {
    log.warn({ dir, err: error }, 'cannot watch the corpus folder; hot reload is off (use /reload)');
  }

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
