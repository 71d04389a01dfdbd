import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runShell } from '../src/adapters/shell/shell.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import path from 'node:path';
import { createTestApp, REPO } from './helpers/app.js';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const FERRY_CORPUS = path.join(REPO, 'test', 'fixtures', 'ferry');

async function chat(lines: string[]): Promise<{ text: string; writes: string[] }> {
  const app = await createTestApp({
    CORPUS_DIR: FERRY_CORPUS,
    OPENAI_BASE_URL: fake.baseUrl,
    LLM_MAX_RETRIES: '0',
    LLM_TIMEOUT_MS: '3000',
  });
  const input = new PassThrough();
  const output = new PassThrough();
  const writes: string[] = [];
  output.on('data', (d) => writes.push(String(d)));
  const done = runShell({ ...app, input, output, interactive: true });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return { text: writes.join(''), writes };
}

const QUESTION = 'Where did Reyes meet Okonkwo?';

describe('the interactive shell with a model', () => {
  it('prints the answer as it arrives, then the sources', async () => {
    fake.enqueue({
      content: '',
      chunks: ['Reyes ', 'met ', 'Okonkwo ', 'at the ', 'Quayside Hall ', '[¶4]', '. He did ', 'not ', 'comment ', '[¶4].'],
    });
    const { text, writes } = await chat([QUESTION]);
    expect(writes).toContain(' not'); // a piece of its own, after the first cited sentence
    expect(text).toContain('Reyes met Okonkwo at the Quayside Hall [¶4]. He did not comment [¶4].');
    expect(text).toMatch(/Sources\n {2}\[¶4\] “/);
    expect(text).not.toContain('Checked answer');
  });

  it('never prints reasoning, and prints the model’s Markdown as plain text', async () => {
    fake.enqueue({
      content:
        '<think>\nThe user asks where. ¶4 mentions the Quayside Hall.\n</think>\n\n**Reyes** met Okonkwo at the *Quayside Hall* [¶4].',
      tokens: true,
    });
    const { text } = await chat([QUESTION]);
    expect(text).not.toMatch(/think|The user asks/);
    expect(text).not.toContain('*');
    expect(text).toContain('Reyes met Okonkwo at the Quayside Hall [¶4].');
    expect(text).not.toContain('Checked answer');
  });

  it('shows the checked answer when verification changed the draft', async () => {
    fake.enqueue({ content: 'Reyes met Okonkwo at the Quayside Hall [¶4][¶99].' });
    const { text } = await chat([QUESTION]);
    expect(text).toContain('[¶99]'); // the streamed draft
    expect(text).toMatch(/Checked answer:\nReyes met Okonkwo at the Quayside Hall \[¶4\]\./);
  });
});
