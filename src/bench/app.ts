import { footnoteSettingsOf } from '../compose/config.js';
import type { App } from '../compose/bootstrap.js';
import { loadConfig } from '../compose/config.js';
import { createFootnote } from '../app/footnote.js';
import { createLogger } from '../compose/log.js';

/**
 * The app as `createApp` builds it, but with the answer cache off (or sized as asked): the
 * bench repeats its questions, and cached repeats would measure a Map lookup, not retrieval.
 */
export async function benchApp(env: Record<string, string>, answerCacheSize = 0): Promise<App> {
  const config = loadConfig(env);
  const log = createLogger('silent');
  return { config, log, footnote: await createFootnote({ config: { ...footnoteSettingsOf(config), answerCacheSize }, log }) };
}
