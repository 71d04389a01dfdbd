// `footnote import-squad` on a SQuAD file without articles is an input error (exit 2), not a
// silent success that prints and writes nothing.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSquadBenchmarks } from '../src/eval/squad.js';
import { tempDir, testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

function squadFile(json: unknown): string {
  const file = path.join(tempDir(), 'e.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('import-squad with no articles', () => {
  it('exits 2 with a clear message and creates nothing', async () => {
    const file = squadFile({ data: [] });
    const out = path.join(tempDir(), 'out');
    const r = await runProgram(['import-squad', file, '--out', out], testEnv());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No articles in SQuAD file ${file}`);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('writeSquadBenchmarks refuses it too', async () => {
    const out = tempDir();
    await expect(writeSquadBenchmarks(squadFile({ data: [] }), out)).rejects.toThrow(/No articles in SQuAD file .*nothing to import/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('a file with an article is still imported', async () => {
    const file = squadFile({
      data: [
        {
          title: 'Harbour',
          paragraphs: [{ context: 'The ferry leaves at noon.', qas: [{ id: 'h1', question: 'When?', answers: [{ text: 'noon' }] }] }],
        },
      ],
    });
    const out = path.join(tempDir(), 'out');
    const r = await runProgram(['import-squad', file, '--out', out], testEnv());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('harbour: 1 paragraphs, 1 answerable');
    expect(existsSync(path.join(out, 'harbour', 'questions.jsonl'))).toBe(true);
  });
});
