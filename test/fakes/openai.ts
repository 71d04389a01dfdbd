/**
 * A loopback OpenAI-compatible server for tests: `/v1/chat/completions` (plain JSON and SSE
 * streaming) and `/v1/embeddings` (hashed bag-of-words vectors, so ranking is meaningful).
 * Chat replies are scripted per test, by a queue or a function of the request; every request is
 * recorded. The real @langchain/openai clients talk to it, so the HTTP contract is exercised.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { hashEmbedding } from './openai/hash-embedding.js';

export { hashEmbedding } from './openai/hash-embedding.js';

/** One request as the server saw it. `body` is the parsed JSON (or the raw text if not JSON). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the client sent
  body: any;
}

export interface TokenCounts {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A successful completion. `chunks` (streaming only) defaults to word-sized pieces of `content`. */
export interface TextReply {
  content: string;
  chunks?: string[];
  /**
   * Split `content` the way a model's tokenizer streams it: tags such as `<think>`, markers and
   * punctuation arrive in pieces of their own, so a tag or a `[¶3]` can straddle chunks.
   */
  tokens?: boolean;
  /** Reasoning sent in a separate field, as DeepSeek's API and vLLM's reasoning parser do (`reasoning_content`). */
  reasoning?: string;
  /** `null` omits usage; default is a word count of the prompt and the reply. */
  usage?: TokenCounts | null;
  /** Wait this long before sending headers. */
  delayMs?: number;
  /** Streaming only: send this many content chunks, then stall without ending the response. */
  stallAfterChunks?: number;
  /** Streaming only: wait this long between chunks, as a model generating tokens does. */
  chunkDelayMs?: number;
}

export type ChatReply = string | TextReply | { status: number; body?: unknown; headers?: Record<string, string> } | { hang: true };

export type ChatScript = (request: RecordedRequest) => ChatReply | Promise<ChatReply>;

export interface FakeOpenAIOptions {
  /** Vector length served by `/v1/embeddings` when the request names no `dimensions`. */
  dimensions?: number;
  /** Model name echoed in responses. */
  model?: string;
}

export interface FakeOpenAI {
  /** e.g. `http://127.0.0.1:40123/v1`, what `baseUrl` settings expect. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests to `/v1/chat/completions` only. */
  chatRequests(): RecordedRequest[];
  /** Queue replies for the next chat requests (consumed before the script function). */
  enqueue(...replies: ChatReply[]): void;
  /** Answer chat requests with this function once the queue is empty. */
  script(fn: ChatScript): void;
  /** Stops the server and destroys every socket, hung ones included. */
  close(): Promise<void>;
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

function defaultChunks(content: string): string[] {
  return content.match(/\s*\S+/g) ?? (content ? [content] : []);
}

/** Roughly how BPE tokenizers stream text: short word pieces, tags and brackets split. */
export function tokenChunks(content: string): string[] {
  return content.match(/<\/?|[a-z]+>|\n+|\s?[\p{L}]{1,6}|\s?\d{1,3}|\s?[^\s\p{L}\d]|[\s\S]/giu) ?? [];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever JSON the client sent
function promptText(body: any): string {
  const messages: Array<{ content?: unknown }> = Array.isArray(body?.messages) ? body.messages : [];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? ''))).join('\n');
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const dimensions = options.dimensions ?? 64;
  const modelName = options.model ?? 'fake-model';
  const requests: RecordedRequest[] = [];
  const queue: ChatReply[] = [];
  let scriptFn: ChatScript | undefined;
  const sockets = new Set<Socket>();
  let counter = 0;

  async function serveChat(req: RecordedRequest, res: ServerResponse): Promise<void> {
    const next = queue.shift();
    const reply: ChatReply =
      next ?? (scriptFn ? await scriptFn(req) : { status: 500, body: { error: { message: 'fake: no scripted reply' } } });
    if (typeof reply === 'object' && 'hang' in reply) return; // never answer; close() destroys the socket
    if (typeof reply === 'object' && 'status' in reply) {
      sendJson(res, reply.status, reply.body ?? { error: { message: `fake status ${reply.status}` } }, reply.headers);
      return;
    }
    const text: TextReply = typeof reply === 'string' ? { content: reply } : reply;
    if (text.delayMs) await sleep(text.delayMs);
    const chunks = text.chunks ?? (text.tokens ? tokenChunks(text.content) : defaultChunks(text.content));
    const content = text.chunks ? text.chunks.join('') : text.content;
    const promptTokens = wordCount(promptText(req.body));
    const usage: TokenCounts | null =
      text.usage === undefined
        ? { prompt_tokens: promptTokens, completion_tokens: wordCount(content), total_tokens: promptTokens + wordCount(content) }
        : text.usage;
    const id = `chatcmpl-fake-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const base = { id, created, model: modelName };

    if (req.body?.stream !== true) {
      sendJson(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, ...(text.reasoning ? { reasoning_content: text.reasoning } : {}) },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
        ...(usage ? { usage } : {}),
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (data: unknown) => res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    const chunk = (delta: object, finish: string | null = null) => ({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    });
    send(chunk({ role: 'assistant', content: '' }));
    for (const piece of text.reasoning ? tokenChunks(text.reasoning) : []) send(chunk({ reasoning_content: piece }));
    for (const [i, piece] of chunks.entries()) {
      if (text.stallAfterChunks !== undefined && i >= text.stallAfterChunks) return; // stall mid-stream
      if (text.chunkDelayMs) await sleep(text.chunkDelayMs);
      if (res.destroyed) return;
      send(chunk({ content: piece }));
    }
    send(chunk({}, 'stop'));
    if (usage && req.body?.stream_options?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    send('[DONE]');
    res.end();
  }

  function serveEmbeddings(req: RecordedRequest, res: ServerResponse): void {
    const input: unknown = req.body?.input;
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const dim = typeof req.body?.dimensions === 'number' ? req.body.dimensions : dimensions;
    const base64 = req.body?.encoding_format === 'base64';
    const data = texts.map((t, index) => {
      const vector = hashEmbedding(t, dim);
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    const tokens = texts.reduce((n, t) => n + wordCount(t), 0);
    sendJson(res, 200, {
      object: 'list',
      data,
      model: req.body?.model ?? modelName,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep the raw text: a test may want to see what a client sent */
      }
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body };
      requests.push(recorded);
      const handle = async () => {
        if (req.method === 'POST' && path === '/v1/chat/completions') return serveChat(recorded, res);
        if (req.method === 'POST' && path === '/v1/embeddings') return serveEmbeddings(recorded, res);
        sendJson(res, 404, { error: { message: `fake: no route ${req.method} ${path}` } });
      };
      handle().catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `fake: ${String(err)}` } });
        else res.destroy();
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    enqueue: (...replies) => void queue.push(...replies),
    script: (fn) => {
      scriptFn = fn;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
