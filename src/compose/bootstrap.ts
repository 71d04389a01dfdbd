import { footnoteSettingsOf } from './config.js';
import type { Config, ConfigOverrides } from './config.js';
import { loadConfig } from './config.js';
import { createFootnote, type Footnote } from '../app/footnote.js';
import type { LlmLayer } from '../domain/ports.js';
import { createLogger, secretsOf, type Logger } from './log.js';

export interface App {
  config: Config;
  log: Logger;
  footnote: Footnote;
}

/**
 * Config → logger → (optional) model layer → core. Everything an entry point needs, built in
 * one place from validated config; nothing here runs at import time.
 */
export async function createApp(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}, log?: Logger): Promise<App> {
  const config = loadConfig(env, overrides);
  const logger = log ?? createLogger(config.logLevel, undefined, secretsOf(env));
  const llm = config.llm ? await createLlmLayer(config, logger) : undefined;
  const footnote = await createFootnote({ config: footnoteSettingsOf(config), log: logger, ...(llm ? { llm } : {}) });
  return { config, log: logger, footnote };
}

async function createLlmLayer(config: Config, log: Logger): Promise<LlmLayer> {
  // Imported only when a model is configured: @langchain/openai costs ~200 ms to load.
  const { createLlmLayerFromConfig } = await import('../answer/llm/layer.js');
  return createLlmLayerFromConfig(config.llm!, log);
}
