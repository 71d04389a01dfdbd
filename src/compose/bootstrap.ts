import { footnoteSettingsOf } from './config.js';
import type { Config, ConfigOverrides } from './config.js';
import { loadConfig } from './config.js';
import { createArticleIndexes, type ArticleIndexes } from '../app/article-indexes.js';
import { createFootnote, type Footnote } from '../app/footnote.js';
import { createEmbeddings } from '../embeddings/factory.js';
import type { LlmLayer } from '../domain/ports.js';
import type { Progress } from '../domain/progress.js';
import { loggerFromConfig, type Logger } from './log.js';
import { checkStartup } from './preflight.js';

export interface App {
  config: Config;
  log: Logger;
  footnote: Footnote;
  /** Indexes of the articles servers upload (the bot's /article); share the embeddings. */
  articleIndexes?: ArticleIndexes;
}

/**
 * Validated config → (optional) model layer → core. Everything an entry point needs, built in
 * one place; nothing here runs at import time. The CLI validates the config once and calls this,
 * with `progress` to show the long steps of a first start.
 */
export async function buildApp(config: Config, log: Logger, options: { progress?: Progress } = {}): Promise<App> {
  // A missing corpus or an unwritable data folder fails in milliseconds, not after the vector conversion.
  await checkStartup(config);
  const llm = config.llm ? await createLlmLayer(config, log) : undefined;
  const settings = footnoteSettingsOf(config);
  // One word-vector table for the shipped article and every uploaded one.
  const embeddings = await createEmbeddings(settings.embeddings, log, options.progress);
  const footnote = await createFootnote({
    config: settings,
    log,
    embeddings,
    ...(llm ? { llm } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const articleIndexes = createArticleIndexes({ settings, capacity: config.articleCacheSize, embeddings, log, ...(llm ? { llm } : {}) });
  return { config, log, footnote, articleIndexes };
}

/** The same from an environment record (tests, tools): validate, build a logger unless given, build. */
export async function createApp(env: Record<string, string | undefined>, overrides: ConfigOverrides = {}, log?: Logger): Promise<App> {
  const config = loadConfig(env, overrides);
  return buildApp(config, log ?? loggerFromConfig(config, 'info'));
}

async function createLlmLayer(config: Config, log: Logger): Promise<LlmLayer> {
  // Imported only when a model is configured: @langchain/openai costs ~200 ms to load.
  const { createLlmLayerFromConfig } = await import('../answer/llm/layer.js');
  return createLlmLayerFromConfig(config.llm!, log);
}
