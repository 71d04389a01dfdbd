// Config is validated once per process and handed down: the Discord start-up builds the app and
// the bot from the config the program validated, and its logger (built from that config) scrubs
// the token from every line.
import { describe, expect, it, vi } from 'vitest';
import * as config from '../src/compose/config.js';
import { startFakeDiscord } from '../src/bench/fake-discord/index.js';
import { testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

vi.mock('../src/compose/config.js', async (importOriginal) => {
  const original = await importOriginal<typeof config>();
  return { ...original, loadConfig: vi.fn(original.loadConfig) };
});

const loadConfig = vi.mocked(config.loadConfig);

describe('config validated once', () => {
  it('`footnote start` with DISCORD_TOKEN: one validation through to the bot logging in; its debug log never shows the token', async () => {
    const fake = await startFakeDiscord({ requireToken: true });
    // Not token-shaped, so only the scrubber's knowledge of the configured value can hide it.
    const token = 'plain-secret-value-0123456789';
    try {
      loadConfig.mockClear();
      const r = await runProgram(['start'], testEnv({ DISCORD_TOKEN: token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'debug' }));
      expect(r.code).toBe(2); // the fake refuses the token: the bot was built and tried to log in
      expect(r.stderr).toMatch(/Discord rejected DISCORD_TOKEN/);
      expect(r.stderr).toMatch(/"msg":"index built"/); // the bot's log went to the program's stderr
      expect(r.stderr).not.toContain(token);
      expect(loadConfig).toHaveBeenCalledTimes(1);
    } finally {
      await fake.close();
    }
  });

  it("the logger every action gets scrubs the config's secrets by value", async () => {
    const key = 'sk-not-shaped-like-anything-42';
    const r = await runProgram(['ask', 'x'], testEnv({ OPENAI_API_KEY: key, LOG_LEVEL: 'info' }), {
      ask: async (_o, ctx) => {
        ctx.log.info({ detail: `the server said: bad key ${key}` }, `refused ${key}`);
        return 'ok';
      },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('refused [redacted]');
    expect(r.stderr).toContain('bad key [redacted]');
    expect(r.stderr).not.toContain(key);
  });
});
