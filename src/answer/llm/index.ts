/** Generated answers with verified citations; the extractive answer stays the floor. */
export { createLlmAnswerer, describeFault, NOTES, pointCount } from './answerer.js';
export type {
  AnswererLogger,
  ExtractiveFallback,
  LlmAnswer,
  LlmAnswerer,
  LlmAnswererOptions,
  LlmAnswerInput,
  SummarizeInput,
} from './answerer.js';
export { DECLINE_PHRASE, isDecline, verifyCitations, type VerifiedAnswer } from './citations.js';
export { condenseFollowUp, generateAnswer, generateSummary, ModelOutputError, type Generated } from './generate.js';
export {
  createChatModel,
  createEmbeddingsModel,
  DEFAULT_MAX_RETRIES,
  modelNameOf,
  type ChatModelSettings,
  type EmbeddingsModelSettings,
} from '../../providers/openai.js';
export { createLlmLayerFromConfig, defaultPromptsDir } from './layer.js';
export { loadPrompts, PROMPT_FILES, type PromptSet } from './prompts.js';
export { parsePoints, verifySummary, type VerifiedSummary } from './summary.js';
