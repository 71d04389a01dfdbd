import { Writable } from 'node:stream';
import { createLogger } from '../../src/compose/log.js';

/**
 * The app's own logger for a test: every line it writes goes into `lines` when given, and
 * nowhere otherwise. The level still decides which log calls run (and so what they cost).
 */
export function testLogger(level: string, lines?: string[]): ReturnType<typeof createLogger> {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines?.push(String(chunk));
      done();
    },
  });
  return createLogger(level, sink as never);
}
