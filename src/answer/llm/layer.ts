/**
 * Wiring for the app: config's `llm` settings → chat model + prompts → answerer. Kept apart from
 * answerer.ts so the answerer stays testable with any injected model.
 */
import { fileURLToPath } from 'node:url';
import { createLlmAnswerer, type AnswererLogger, type LlmAnswerer } from './answerer.js';
import { createChatModel, type ChatModelSettings } from '../../providers/openai.js';
import { loadPrompts } from './prompts.js';

/** `<repo>/prompts`, resolved from this file (works from src/ under tsx). */
export function defaultPromptsDir(): string {
  return fileURLToPath(new URL('../../../prompts/', import.meta.url));
}

export interface LlmLayerSettings extends ChatModelSettings {
  /** Ask for a filled schema (`withStructuredOutput`) instead of text with markers. */
  structured?: boolean;
}

/**
 * `settings.timeoutMs` is the whole-call deadline (retries included) after which the extractive
 * answer is used; each request gets a shorter timeout of its own (`requestTimeoutFor`), so a
 * request that hangs is retried once before that.
 */
export async function createLlmLayerFromConfig(
  settings: LlmLayerSettings,
  logger?: AnswererLogger,
  promptsDir: string = defaultPromptsDir(),
): Promise<LlmAnswerer> {
  const prompts = await loadPrompts(promptsDir);
  const model = createChatModel(settings);
  return createLlmAnswerer({
    model,
    prompts,
    timeoutMs: settings.timeoutMs,
    modelName: settings.model,
    ...(settings.structured ? { structured: true } : {}),
    ...(logger ? { logger } : {}),
  });
}
