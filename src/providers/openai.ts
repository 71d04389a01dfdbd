/**
 * Factories for the OpenAI-compatible chat and embeddings clients, from plain settings.
 * Everything that must not come from the process environment is passed explicitly: the SDK reads
 * `OPENAI_API_BASE` before `OPENAI_BASE_URL` and `OPENAI_API_KEY` on its own, and our validated
 * config has to win over whatever happens to be exported in the shell.
 */
import type { Embeddings } from '@langchain/core/embeddings';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Sent when a local server (llama.cpp, Ollama, vLLM …) needs no key; the SDK refuses to run without one. */
export const PLACEHOLDER_API_KEY = 'sk-no-key-required';

/** Defaults for the config module; the LangChain default (6 retries, backoff) takes ~85 s on a dead server. */
export const DEFAULT_MAX_RETRIES = 1;

/** The longest first backoff of the model's retries (LangChain's AsyncCaller: 1–2 s, randomised). */
const FIRST_BACKOFF_MAX_MS = 2_000;
/** No request is cut shorter than this: a model needs time to load and start answering. */
const MIN_REQUEST_TIMEOUT_MS = 1_000;

/**
 * The per-request timeout for a whole-call deadline: short enough that a request that hangs
 * leaves room, after the backoff, for one more attempt of the same length before the deadline.
 * Without retries a request may use the whole deadline.
 */
export function requestTimeoutFor(deadlineMs: number, maxRetries: number): number {
  if (maxRetries <= 0) return deadlineMs;
  const share = Math.floor((deadlineMs - FIRST_BACKOFF_MAX_MS) / 2);
  return Math.min(deadlineMs, Math.max(MIN_REQUEST_TIMEOUT_MS, share));
}

export interface ChatModelSettings {
  apiKey?: string;
  /** OpenAI-compatible base URL including `/v1`, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl?: string;
  model: string;
  /** The whole-call deadline; each request gets `requestTimeoutFor(timeoutMs, maxRetries)` of it. */
  timeoutMs: number;
  /** Retries of 429, 5xx, timeouts and connection errors, with LangChain's bounded backoff. */
  maxRetries: number;
  temperature?: number;
}

export interface EmbeddingsModelSettings {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** Ask the server for vectors of this length (text-embedding-3-* support it). */
  dimensions?: number;
  batchSize?: number;
}

interface Connection {
  apiKey: string;
  baseURL: string;
}

function connection(settings: { apiKey?: string; baseUrl?: string }, what: string): Connection {
  const apiKey = settings.apiKey?.trim() || undefined;
  const baseUrl = settings.baseUrl?.trim() || undefined;
  if (!apiKey && !baseUrl) {
    throw new Error(`${what}: an API key is required unless a base URL (a local OpenAI-compatible server) is set`);
  }
  return { apiKey: apiKey ?? PLACEHOLDER_API_KEY, baseURL: (baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, '') };
}

/**
 * A ChatOpenAI (Chat Completions API). Deliberately NOT `streaming: true`: with it, `invoke()`
 * estimates tokens with tiktoken, which downloads its encoding at run time and stalls offline.
 * `.stream()` streams regardless (and asks for server-side usage). `streaming: false` is not
 * passed either, because ChatOpenAI turns that into `disableStreaming`, making `.stream()` a
 * single chunk.
 */
export function createChatModel(settings: ChatModelSettings): BaseChatModel {
  const { apiKey, baseURL } = connection(settings, 'chat model');
  return new ChatOpenAI({
    model: settings.model,
    apiKey,
    // The SDK timeout covers one request up to its response headers; the answerer races the whole call against the deadline.
    timeout: requestTimeoutFor(settings.timeoutMs, settings.maxRetries),
    maxRetries: settings.maxRetries,
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    configuration: { baseURL, apiKey },
  });
}

/**
 * OpenAIEmbeddings for `EMBEDDINGS_PROVIDER=openai`. `encodingFormat: 'float'` because the SDK
 * otherwise asks for base64, which several local servers don't implement.
 */
export function createEmbeddingsModel(settings: EmbeddingsModelSettings): Embeddings {
  const { apiKey, baseURL } = connection(settings, 'embeddings model');
  return new OpenAIEmbeddings({
    model: settings.model,
    apiKey,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    encodingFormat: 'float',
    ...(settings.dimensions === undefined ? {} : { dimensions: settings.dimensions }),
    ...(settings.batchSize === undefined ? {} : { batchSize: settings.batchSize }),
    configuration: { baseURL, apiKey },
  });
}

/** The model name to report in `AskResult.model`, when the chat model carries one. */
export function modelNameOf(model: BaseChatModel): string | undefined {
  const name = (model as unknown as { model?: unknown }).model;
  return typeof name === 'string' ? name : undefined;
}
