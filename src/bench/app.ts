import type { App } from '../bootstrap.js';
import { loadConfig } from '../config.js';
import { createFootnote } from '../core/footnote.js';
import { createLogger } from '../log.js';

/**
 * The app as `createApp` builds it, but with the answer cache off (or sized as asked): the
 * bench repeats its questions, and cached repeats would measure a Map lookup, not retrieval.
 */
export async function benchApp(env: Record<string, string>, answerCacheSize = 0): Promise<App> {
  const config = loadConfig(env);
  const log = createLogger('silent');
  return { config, log, footnote: await createFootnote({ config, log, answerCacheSize }) };
}
