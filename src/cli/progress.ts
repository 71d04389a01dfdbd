import type { Writable } from 'node:stream';
import type { Progress, ProgressStep } from '../domain/progress.js';

const BAR = 24;
/** Redraws of a terminal bar at most this often: a bar is for eyes, not a log. */
const REDRAW_MS = 100;

/**
 * Progress of first-start steps on stderr (stdout stays clean for `--json`): on a terminal one
 * line per step, redrawn in place with a bar when the size is known; elsewhere (a pipe, a log
 * file, CI) a plain line when a step starts and one when it ends.
 */
export function stderrProgress(stderr: Writable, isTTY: boolean, now: () => number = () => performance.now()): Progress {
  return {
    start(step, total) {
      const started = now();
      const label = `footnote: ${step}`;
      let drawn = 0;
      if (isTTY) stderr.write(`${label}…`);
      else stderr.write(`${label}…\n`);
      const finish = (text: string): void => {
        const seconds = ((now() - started) / 1000).toFixed(1);
        stderr.write(isTTY ? `\r\u001b[K${label}: ${text} (${seconds} s)\n` : `${label}: ${text} (${seconds} s)\n`);
      };
      const handle: ProgressStep = {
        update(done) {
          if (!isTTY || !total || total.amount <= 0 || now() - drawn < REDRAW_MS) return;
          drawn = now();
          const share = Math.max(0, Math.min(1, done / total.amount));
          const filled = Math.round(share * BAR);
          stderr.write(
            `\r\u001b[K${label} [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${done}/${total.amount} ${total.unit}`,
          );
        },
        done: (note) => finish(note ? `done, ${note}` : 'done'),
        fail: () => finish('failed'),
      };
      return handle;
    },
  };
}
