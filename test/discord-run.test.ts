// runDiscord and `npm start` as processes see them: LLM fault tolerance, exit codes, signals, deploy-commands.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../src/commands/index.js';
import { startFakeDiscord } from '../src/bench/fake-discord/index.js';
import { body, callbackOf, originalEditOf, startHarness, user } from './discord-harness.js';
import { REPO, testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

const QUESTION = 'Who is the U.S. Treasury Secretary taking part in the talks?';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('runDiscord', () => {
  it('with an LLM configured but unreachable, the answer still arrives, with the note', async () => {
    const apiKey = 'sk-test-0123456789abcdef';
    const h = await startHarness({
      env: {
        OPENAI_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`,
        OPENAI_API_KEY: apiKey,
        LLM_TIMEOUT_MS: '300',
        LLM_MAX_RETRIES: '0',
      },
    });
    try {
      const { fake } = h;
      const i = fake.sendInteraction(
        fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }], user: user('lou') }),
      );
      expect(body(await fake.waitForRequest(callbackOf(i)))).toMatchObject({ type: 5 });
      const final = await fake.waitForRequest((r) => originalEditOf(fake, i)(r) && String(body(r).content).includes('Note:'), 8000);
      const content = String(body(final).content);
      expect(content).toContain('Bessent');
      expect(content).toContain('[¶4]');
      expect(content).toMatch(/-# Note: The language model was unavailable/);
      expect(h.logs.join('')).not.toContain(apiKey);
    } finally {
      expect(await h.close()).toBe(0);
    }
  });

  it('a token Discord rejects: a clear message and exit code 2', async () => {
    const fake = await startFakeDiscord({ requireToken: true });
    try {
      const r = await runProgram(
        ['start'],
        testEnv({ DISCORD_TOKEN: 'bm90LXRoZS10b2tlbg.wrong.token-value', DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'silent' }),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Discord rejected DISCORD_TOKEN/);
      expect(r.stderr).not.toContain('wrong.token-value');
    } finally {
      await fake.close();
    }
  });

  it('`npm start` with DISCORD_TOKEN answers, then stops cleanly on SIGTERM with exit code 0', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 500 });
    try {
      const env = {
        ...process.env,
        ...testEnv({ DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' }),
      } as NodeJS.ProcessEnv;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/main.ts')], {
        cwd: REPO,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await expect.poll(() => stderr, { timeout: 20_000, interval: 50 }).toContain('footnote is online');
      const i = fake.sendInteraction(fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: QUESTION }] }));
      expect(String(body(await fake.waitForRequest(originalEditOf(fake, i))).content)).toContain('Bessent');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('"reason":"SIGTERM"');
      expect(stderr).toContain('"msg":"stopped"');
      expect(stderr).not.toContain(fake.token);
      expect(fake.openConnections).toBe(0);
    } finally {
      await fake.close();
    }
  }, 30_000);
});

describe('deploy-commands', () => {
  it('registers the slash commands and the “Ask footnote” message command in a guild with one bulk overwrite (PUT)', async () => {
    const fake = await startFakeDiscord();
    try {
      const guildId = fake.guilds[0]!.id;
      const out = await runProgram(
        ['deploy-commands'],
        testEnv({
          DISCORD_TOKEN: fake.token,
          DISCORD_APP_ID: fake.appId,
          DISCORD_GUILD_ID: guildId,
          DISCORD_API_URL: fake.apiUrl,
          MAX_QUESTION_CHARS: '300',
        }),
      );
      expect(out.code, out.stderr).toBe(0);
      const put = fake.requests.find((r) => r.method === 'PUT')!;
      expect(put.path).toBe(`/applications/${fake.appId}/guilds/${guildId}/commands`);
      expect(put.authorization).toBe(`Bot ${fake.token}`);
      const definitions = commandDefinitions({ maxQuestionChars: 300 });
      expect(put.body).toEqual(JSON.parse(JSON.stringify(definitions)));
      const names = definitions.map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['ask', 'source', 'summary', 'help', 'settings', 'Ask footnote']));
      expect(fake.guildCommands(guildId).map((c) => c.name)).toEqual(names);
      const registered = (name: string) => fake.guildCommands(guildId).find((c) => c.name === name)!;
      // /ask takes what the core accepts (MAX_QUESTION_CHARS), not a fixed 1,000.
      expect((registered('ask').options as { name: string; max_length?: number }[]).find((o) => o.name === 'question')?.max_length).toBe(
        300,
      );
      // /summary is for everyone (private summaries); posting is checked in the target channel.
      expect(registered('summary').default_member_permissions ?? null).toBeNull();
      expect(registered('settings').default_member_permissions).toBe(String(1n << 5n));
      expect(registered('Ask footnote').type).toBe(3);
      const slash = names.filter((n) => n !== 'Ask footnote').map((n) => `/${n}`);
      expect(out.stdout).toBe(
        `Registered ${names.length} commands in guild ${guildId}: ${[...slash, '“Ask footnote” (message menu)'].join(', ')}. They are available now.\n`,
      );
    } finally {
      await fake.close();
    }
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const fake = await startFakeDiscord();
    try {
      const out = await runProgram(
        ['deploy-commands'],
        testEnv({ DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl }),
      );
      expect(out.code, out.stderr).toBe(0);
      expect(fake.requests.find((r) => r.method === 'PUT')?.path).toBe(`/applications/${fake.appId}/commands`);
      expect(fake.globalCommands).toHaveLength(commandDefinitions().length);
      expect(out.stdout).toMatch(/^Registered \d+ global commands: \/ask, .*up to an hour/);
    } finally {
      await fake.close();
    }
  });

  it('says which keys are missing (exit 2), and reports Discord refusing (exit 1) without the token', async () => {
    const missing = await runProgram(['deploy-commands'], testEnv({}));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^deploy-commands needs DISCORD_TOKEN and DISCORD_APP_ID\./);
    const fake = await startFakeDiscord({ requireToken: true });
    try {
      const token = 'bm90LXRoZS10b2tlbg.wrong.token-value';
      const refused = await runProgram(
        ['deploy-commands'],
        testEnv({ DISCORD_TOKEN: token, DISCORD_APP_ID: fake.appId, DISCORD_API_URL: fake.apiUrl }),
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/^deploy-commands failed: /);
      expect(refused.stderr).not.toContain(token);
    } finally {
      await fake.close();
    }
  });

  it('`footnote deploy-commands` in its own process (missing keys → exit 2 with the message)', async () => {
    const env = { ...process.env, ...testEnv({ DISCORD_TOKEN: '', DISCORD_APP_ID: '' }) } as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src/cli.ts'), 'deploy-commands'], {
      cwd: REPO,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('deploy-commands needs DISCORD_TOKEN and DISCORD_APP_ID');
  });
});
