import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/compose/bootstrap.js';
import { loadConfig } from '../src/compose/config.js';
import { createLogger } from '../src/compose/log.js';
import { testEnv } from './helpers/app.js';
import { runNode, type RunResult } from './helpers/spawn.js';

// Recognisable fake secrets; the token has Discord's shape so the shape-based scrubbing is not
// what saves it in every test.
const DISCORD_TOKEN = 'MTAxMDEwMTAxMDEwMTAxMDEw.GhIjKl.FAKEdiscordTOKENxyz0123456789abcdefgh';
const OPENAI_API_KEY = 'sk-test-FAKEopenaiKEYxyz-0123456789abcdef';
const SECRETS = [DISCORD_TOKEN, OPENAI_API_KEY, 'FAKEdiscordTOKEN', 'FAKEopenaiKEY'];

const expectNoSecret = (text: string) => {
  for (const secret of SECRETS) expect(text, `leaked ${secret}`).not.toContain(secret);
};
const output = (r: RunResult) => r.stdout + r.stderr;

let unreachable: string;
/** An OpenAI-compatible server that rejects every key and quotes it back, as some proxies do. */
let echoing: Server;
let echoingUrl: string;

beforeAll(async () => {
  // A loopback port with nothing listening: connections are refused at once.
  const port = await new Promise<number>((resolve) => {
    const s = createTcpServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  unreachable = `http://127.0.0.1:${port}/v1`;
  echoing = createHttpServer((req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `Incorrect API key provided: ${req.headers.authorization}`, code: 'invalid_api_key' } }));
  });
  await new Promise<void>((resolve) => echoing.listen(0, '127.0.0.1', resolve));
  echoingUrl = `http://127.0.0.1:${(echoing.address() as { port: number }).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => echoing.close(() => resolve())));

const secretEnv = (extra: Record<string, string> = {}) =>
  testEnv({
    DISCORD_TOKEN,
    OPENAI_API_KEY,
    OPENAI_BASE_URL: unreachable,
    LOG_LEVEL: 'debug',
    LLM_TIMEOUT_MS: '1500',
    LLM_MAX_RETRIES: '0',
    ...extra,
  });

describe('secrets never reach output or logs', () => {
  it('CLI ask/summary/ingest at LOG_LEVEL=debug with the model unreachable', async () => {
    const env = secretEnv();
    const ingest = await runNode('src/cli.ts', ['ingest'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    const [ask, summary] = await Promise.all([
      runNode('src/cli.ts', ['ask', '--json', 'Who is the US Treasury Secretary?'], env),
      runNode('src/cli.ts', ['summary', '--json'], env),
    ]);
    expect(ask.code, ask.stderr).toBe(0);
    // The model path really ran and failed: the answer is the extractive fallback.
    expect(JSON.parse(ask.stdout).note).toMatch(/unavailable/);
    expect(summary.code, summary.stderr).toBe(0);
    for (const r of [ingest, ask, summary]) expectNoSecret(output(r));
    expect(ask.stderr).toMatch(/"level":20|"level":30|"level":40/); // debug logs were on
  });

  it('CLI with invalid configuration: every bad key named, no value echoed', async () => {
    const r = await runNode(
      'src/cli.ts',
      ['ask', 'Who?'],
      secretEnv({ MAX_QUESTION_CHARS: 'lots', DISCORD_APP_ID: OPENAI_API_KEY, OPENAI_BASE_URL: `not a url ${OPENAI_API_KEY}` }),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MAX_QUESTION_CHARS/);
    expect(r.stderr).toMatch(/DISCORD_APP_ID/);
    expect(r.stderr).toMatch(/OPENAI_BASE_URL/);
    expectNoSecret(output(r));
  });

  it('CLI whose embeddings server is unreachable (the failure path of a command)', async () => {
    const r = await runNode('src/cli.ts', ['ask', 'Who is the US Treasury Secretary?'], secretEnv({ EMBEDDINGS_PROVIDER: 'openai' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^footnote ask: /m);
    expectNoSecret(output(r));
  });

  it('`npm start` (shell) and the Discord start-up failing against an unreachable API', async () => {
    const [shell, discord] = await Promise.all([
      runNode('src/main.ts', [], { ...secretEnv(), DISCORD_TOKEN: '' }, 'Who is the US Treasury Secretary?\n'),
      runNode('src/main.ts', [], secretEnv({ DISCORD_API_URL: unreachable.replace('/v1', '/api') })),
    ]);
    expect(shell.code, shell.stderr).toBe(0);
    expect(shell.stdout).toContain('Bessent');
    expect(discord.code).not.toBe(0);
    for (const r of [shell, discord]) expectNoSecret(output(r));
  });

  it('the core in process: debug logs, answers and info with the model unreachable', async () => {
    const lines: string[] = [];
    const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const app = await createApp(secretEnv(), {}, log);
    const answer = await app.footnote.ask('Who is the US Treasury Secretary?');
    const summary = await app.footnote.summarize();
    expect(answer.note).toMatch(/unavailable/);
    expect(lines.some((l) => l.includes('llm answer failed'))).toBe(true);
    // A careless `log.info({ config })` is redacted by path.
    log.info({ config: loadConfig(secretEnv()), DISCORD_TOKEN, OPENAI_API_KEY }, 'config');
    expectNoSecret([...lines, JSON.stringify(answer), JSON.stringify(summary), JSON.stringify(app.footnote.info())].join('\n'));
  });

  it('the core in process when the model server quotes the key back in its 401 error', async () => {
    const lines: string[] = [];
    const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const app = await createApp(secretEnv({ OPENAI_BASE_URL: echoingUrl }), {}, log);
    const answer = await app.footnote.ask('Who is the US Treasury Secretary?');
    expect(answer.note).toMatch(/unavailable/);
    expectNoSecret([...lines, JSON.stringify(answer)].join('\n'));
  });

  // Regression: a server that quotes the key back in its 401 error used to leak it through the
  // CLI's error log and `npm start`'s start-up message; every log line is now scrubbed by value.
  it('CLI and `npm start` when the embeddings server quotes the key back in its 401 error', async () => {
    const env = secretEnv({ OPENAI_BASE_URL: echoingUrl, EMBEDDINGS_PROVIDER: 'openai', LOG_LEVEL: '' });
    const [ingest, start] = await Promise.all([
      runNode('src/cli.ts', ['ingest'], env),
      runNode('src/main.ts', [], { ...env, DISCORD_TOKEN: '' }, 'Who?\n'),
    ]);
    expect(ingest.code).toBe(1);
    expect(start.code).toBe(1);
    for (const r of [ingest, start]) expectNoSecret(output(r));
  });
});
