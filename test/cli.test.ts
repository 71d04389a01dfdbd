import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, REPO, tempDir, testEnv } from './helpers/app.js';
import { runNode } from './helpers/spawn.js';

// One data dir for the file: the index is built by the first command and reused after.
const env = testEnv();
const cli = (...args: string[]) => runNode('src/cli.ts', args, env);

beforeAll(async () => {
  const r = await cli('ingest');
  expect(r.code).toBe(0);
}, 120_000);

describe('ask --json (contract)', () => {
  it('prints one object with the documented fields', async () => {
    const r = await cli('ask', '--json', 'Where were the talks held?');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(Object.keys(result).sort()).toEqual(
      ['answer', 'answerable', 'citations', 'mode', 'question', 'related', 'retrieved', 'short_answer', 'timings'].sort(),
    );
    expect(result).toMatchObject({ question: 'Where were the talks held?', answerable: true, mode: 'extractive' });
    expect(typeof result.short_answer).toBe('string');
    expect(result.answer.startsWith(`${String(result.short_answer)} — `)).toBe(true);
    expect(result.answer).toMatch(/\[¶\d\]/);
    expect(result.citations[0]).toEqual({ doc: 'us-china-trade-talks', paragraph: expect.any(Number), quote: expect.any(String) });
    expect(result.retrieved.length).toBeGreaterThanOrEqual(5);
    expect(result.retrieved[0]).toEqual({ doc: 'us-china-trade-talks', paragraph: expect.any(Number), score: expect.any(Number) });
    expect(result.timings).toEqual({ retrieveMs: expect.any(Number), answerMs: expect.any(Number), totalMs: expect.any(Number) });
  });

  it('answers --questions FILE line by line, copying ids, with an error object for a bad line', async () => {
    const file = path.join(tempDir(), 'q.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'a', question: 'Who is the US Treasury Secretary?' }),
        'this is not json',
        JSON.stringify({ id: 'b', question: '   ' }),
        '',
        JSON.stringify({ id: 'c', question: 'Who won the 1966 World Cup?' }),
      ].join('\n'),
    );
    const r = await cli('ask', '--json', '--questions', file);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', 'line-2', 'b', 'c']);
    expect(lines[0].answer).toContain('Bessent');
    expect(lines[1].error.message).toMatch(/not JSON/);
    expect(lines[2].error.message).toMatch(/empty/);
    expect(lines[3].answerable).toBe(false);
  });

  it('asks a line with "follows" after the earlier questions of its thread; a bad "follows" is an error object', async () => {
    const file = path.join(tempDir(), 'q.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ id: 'f', follows: ['Where were the talks held?'], question: 'Which building?' }),
        JSON.stringify({ id: 'g', follows: 'Where were the talks held?', question: 'Which building?' }),
      ].join('\n'),
    );
    const r = await cli('ask', '--json', '--questions', file);
    expect(r.code).toBe(0);
    const [f, g] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(f).toMatchObject({ id: 'f', question: 'Which building?', answerable: true });
    expect(f.citations[0].paragraph).toBe(4);
    expect(g).toEqual({ id: 'g', question: 'Which building?', error: { message: expect.stringMatching(/"follows" is a list/) } });
  });

  it('prints a human-readable answer with its sources without --json', async () => {
    const r = await cli('ask', 'Who is the US Treasury Secretary?');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Bessent[\s\S]*\[¶4\][\s\S]*Sources\n {2}\[¶4\] “/);
  });

  it('lists related paragraphs with a decline, without the shell-only /source hint', async () => {
    const r = await cli('ask', 'What is the capital of Australia?');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/The article doesn't say[\s\S]*\nRelated: ¶\d+, ¶\d+, ¶\d+\n$/);
  });
});

describe('exit codes', () => {
  it.each([
    [['ask', '--json', '   '], /empty/],
    [['ask', 'x'.repeat(1200)], /limited to 1000 characters/],
    [
      ['ask', '--bogus', 'hi'],
      /Unknown option --bogus\. Text that starts with "-" goes after "--": footnote ask -- "--bogus …"\.\n[\s\S]*Usage/,
    ],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['ask', '--json', '--questions', '/nonexistent/q.jsonl'], /Cannot read questions file/],
  ])('exits 2 with a clear message for bad input %#', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('exits 2 naming every bad setting at once', async () => {
    const r = await runNode('src/cli.ts', ['ask', 'hi'], { ...env, MAX_QUESTION_CHARS: 'lots', EMBEDDINGS_PROVIDER: 'magic' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MAX_QUESTION_CHARS/);
    expect(r.stderr).toMatch(/EMBEDDINGS_PROVIDER/);
  });

  it('exits 2 for a missing corpus folder', async () => {
    const r = await cli('ask', '--corpus', '/nonexistent/corpus', 'hi there');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Corpus folder not found/);
  });
});

describe('the compiled program (dist/, built by `npm ci` and `npm test`)', () => {
  it('`node dist/cli.js ask --json` answers, as `npm run ask` runs it', async () => {
    const r = await runNode('dist/cli.js', ['ask', '--json', 'Where were the talks held?'], env, '', { compiled: true });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ answerable: true, mode: 'extractive' });
  });

  it('`node dist/main.js` (npm start) answers piped questions, and a bad LOG_LEVEL is exit 2 with the others', async () => {
    const r = await runNode('dist/main.js', [], env, 'Where were the talks held?\n', { compiled: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Kuala Lumpur/);
    const bad = await runNode('dist/cli.js', ['ask', 'x'], { ...env, LOG_LEVEL: 'verbose', COOLDOWN_SECONDS: '-1' }, '', {
      compiled: true,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Invalid configuration:/);
    expect(bad.stderr).toMatch(/LOG_LEVEL/);
    expect(bad.stderr).toMatch(/COOLDOWN_SECONDS/);
    expect(bad.stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
  });
});

describe('ingest and summary', () => {
  it('ingest says what it indexed', async () => {
    const r = await cli('ingest');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Indexed 1 document, 9 paragraphs, \d+ sentences in \d+ ms/);
  });

  it('summary --json gives cited key points', async () => {
    const r = await cli('summary', '--json', '--length', 'short');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.points).toHaveLength(3);
    for (const p of s.points) expect(p.citations[0]).toMatchObject({ doc: 'us-china-trade-talks', paragraph: expect.any(Number) });
  });
});

describe('npm start without DISCORD_TOKEN: the shell adapter', () => {
  it('answers each piped line and understands the bot commands', async () => {
    const r = await runNode('src/main.ts', [], env, 'Where were the talks held?\n/source 3\n/help\n/nope\n\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Kuala Lumpur[\s\S]*\[¶\d\]/);
    expect(r.stdout).toContain('¶3');
    expect(r.stdout).toContain('Association of Southeast Asian Nations');
    expect(r.stdout).toMatch(/Commands:[\s\S]*\/source N/);
    expect(r.stdout).toContain('Unknown command /nope. Try /help.');
  });

  it('explains a bad question and keeps going', async () => {
    const r = await runNode('src/main.ts', [], env, `${'y'.repeat(1500)}\nWho is the US Trade Representative?\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/limited to 1000 characters/);
    expect(r.stdout).toContain('Greer');
  });

  it('takes --corpus like every other command', async () => {
    const council = fixture('council');
    const r = await runNode('src/main.ts', ['--corpus', council], testEnv(), 'When is the next council meeting?\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('March 3');
    const bad = await runNode('src/main.ts', ['--nope'], env, '');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown option/);
  });

  it('stops quietly when its reader goes away (`npm start | head -1`)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end('Where were the talks held?\n'.repeat(50));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });

  it('a questions file piped into a reader that stops early ends quietly (`ask --questions q.jsonl | head -1`)', async () => {
    const file = path.join(tempDir('footnote-pipe-'), 'q.jsonl');
    writeFileSync(file, `${JSON.stringify({ question: 'Where were the talks held?' })}\n`.repeat(200));
    const child = spawn(process.execPath, ['dist/cli.js', 'ask', '--questions', file], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
