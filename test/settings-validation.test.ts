// Settings the schema refuses up front (exit 2, every bad key listed), and the documentation of
// every setting: `.env.example` and the README's table both claim to list them all.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_KEYS } from '../src/compose/config.js';
import { REPO, testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

describe('DISCORD_SHARDS', () => {
  it.each(['0', '00', '-1', '-3'])('refuses %s: discord.js needs at least one shard', (value) => {
    expect(() => loadConfig({ DISCORD_SHARDS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DISCORD_SHARDS: value })).toThrow(/DISCORD_SHARDS: must be auto, off or a number of shards \(1 or more\)/);
  });

  it.each([
    ['off', 'off'],
    ['auto', 'auto'],
    ['1', 1],
    ['4', 4],
    ['', 'off'],
  ] as const)('accepts %j', (value, shards) => {
    expect(loadConfig({ DISCORD_SHARDS: value }).discord.shards).toBe(shards);
  });

  it('`npm start` with DISCORD_SHARDS=0 is a settings error listed with the other bad keys (exit 2), before Discord', async () => {
    const r = await runProgram(['start'], testEnv({ DISCORD_TOKEN: 'abc', DISCORD_SHARDS: '0', COOLDOWN_SECONDS: '0' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Invalid configuration:');
    expect(r.stderr).toContain('DISCORD_SHARDS: must be auto, off or a number of shards (1 or more)');
    expect(r.stderr).toContain('COOLDOWN_SECONDS:');
    expect(r.stderr).not.toMatch(/Amount of shards/);
  });
});

describe('every setting is documented', () => {
  const envExample = readFileSync(path.join(REPO, '.env.example'), 'utf8');
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const configTable = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('### Data the answerer uses'));

  it.each([...SETTING_KEYS])('%s is in .env.example and the README configuration table', (key) => {
    expect(envExample).toMatch(new RegExp(`^${key}=`, 'm'));
    expect(configTable).toMatch(new RegExp(`^\\|[^\\n]*\`${key}\``, 'm'));
  });

  it('ANSWER_CACHE_SIZE is documented with its default and its range', () => {
    expect(envExample).toMatch(/# .*0 to 1000000.*\nANSWER_CACHE_SIZE=1000\n/);
    expect(configTable).toMatch(/\| `ANSWER_CACHE_SIZE` \| `1000` \| [^\n]*0 to 1,000,000/);
    expect(() => loadConfig({ ANSWER_CACHE_SIZE: '1000001' })).toThrow(ConfigError);
    expect(loadConfig({ ANSWER_CACHE_SIZE: '0' }).answerCacheSize).toBe(0);
  });

  it("MAX_QUESTION_CHARS's cap of 4000 is documented where the setting is", () => {
    expect(envExample).toMatch(/# .*1 to 4000.*\nMAX_QUESTION_CHARS=1000\n/);
    expect(configTable).toMatch(/\| `MAX_QUESTION_CHARS` \| `1000` \| [^\n]*1 to 4000/);
    expect(() => loadConfig({ MAX_QUESTION_CHARS: '4001' })).toThrow(ConfigError);
    expect(loadConfig({ MAX_QUESTION_CHARS: '4000' }).maxQuestionChars).toBe(4000);
  });
});
