import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runShell } from '../src/adapters/shell/shell.js';
import { startFakeOpenAI, type FakeOpenAI } from './fakes/openai.js';
import { createTestApp } from './helpers/app.js';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

async function chat(lines: string[]): Promise<{ text: string; writes: string[] }> {
  const app = await createTestApp({ OPENAI_BASE_URL: fake.baseUrl, LLM_MAX_RETRIES: '0', LLM_TIMEOUT_MS: '3000' });
  const input = new PassThrough();
  const output = new PassThrough();
  const writes: string[] = [];
  output.on('data', (d) => writes.push(String(d)));
  const done = runShell({ ...app, input, output, interactive: true });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return { text: writes.join(''), writes };
}

describe('the interactive shell with a model', () => {
  it('prints tokens as they arrive, then the sources', async () => {
    fake.enqueue({
      content: 'Scott Bessent is the Treasury Secretary [¶4].',
      chunks: ['Scott ', 'Bessent ', 'is the ', 'Treasury Secretary ', '[¶4].'],
    });
    const { text, writes } = await chat(['Who is the US Treasury Secretary?']);
    expect(writes).toContain('Bessent ');
    expect(text).toContain('Scott Bessent is the Treasury Secretary [¶4].');
    expect(text).toMatch(/Sources\n {2}\[¶4\] “/);
    expect(text).not.toContain('Checked answer');
  });

  it('shows the checked answer when verification changed the draft', async () => {
    fake.enqueue({ content: 'Scott Bessent is the Treasury Secretary [¶4][¶99].' });
    const { text } = await chat(['Who is the US Treasury Secretary?']);
    expect(text).toContain('[¶99]'); // the streamed draft
    expect(text).toMatch(/Checked answer:\nScott Bessent is the Treasury Secretary \[¶4\]\./);
  });
});
