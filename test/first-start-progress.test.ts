// The first start says what it is doing: converting the word vectors and building the index are
// reported on stderr (a bar on a terminal, plain lines otherwise) while stdout stays clean.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { stderrProgress } from '../src/cli/progress.js';
import type { Progress } from '../src/domain/progress.js';
import { loadGloveTable } from '../src/embeddings/glove-cache.js';
import { tempDir, testEnv } from './helpers/app.js';
import { captureIO, runProgram } from './helpers/cli.js';
import { runNode } from './helpers/spawn.js';
import { actions } from '../src/cli/actions/index.js';
import { createProgram } from '../src/cli/program.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** A clock the test moves. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('stderrProgress', () => {
  it('on a terminal: one line per step, redrawn in place with a bar, at most every 100 ms', () => {
    const out = sink();
    const c = clock();
    const step = stderrProgress(out.stream, true, c.now).start('converting things', { amount: 200, unit: 'MB' });
    c.advance(150);
    step.update(50);
    c.advance(20);
    step.update(60); // too soon after the last redraw: skipped
    c.advance(150);
    step.update(200);
    c.advance(1000);
    step.done('12 words');
    expect(out.text()).toBe(
      'footnote: converting things…' +
        '\r\u001b[Kfootnote: converting things [######------------------]  25% 50/200 MB' +
        '\r\u001b[Kfootnote: converting things [########################] 100% 200/200 MB' +
        '\r\u001b[Kfootnote: converting things: done, 12 words (1.3 s)\n',
    );
  });

  it('elsewhere: a plain line when a step starts and one when it ends, no bar, no escapes', () => {
    const out = sink();
    const c = clock();
    const p = stderrProgress(out.stream, false, c.now);
    const step = p.start('converting things', { amount: 200, unit: 'MB' });
    for (let mb = 0; mb <= 200; mb += 10) {
      c.advance(200);
      step.update(mb);
    }
    step.done();
    const failed = p.start('building the index');
    failed.fail();
    expect(out.text()).toBe(
      'footnote: converting things…\nfootnote: converting things: done (4.2 s)\n' +
        'footnote: building the index…\nfootnote: building the index: failed (0.0 s)\n',
    );
  });
});

describe('converting the word vectors reports its progress', () => {
  it('a missing cache is converted from the source with start, updates and done; an existing one silently opened', async () => {
    const dir = tempDir();
    const source = path.join(dir, 'vectors.json');
    // The wink layout: each entry is "word":[d0..dN-1, l2norm, rank].
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`);
    const vectors = words.map((w, i) => `"${w}":[${[i % 7, 1, 0.5, -1].join(',')},1.5,${i}]`).join(',');
    writeFileSync(source, `{"precision":8,"size":${words.length},"dimensions":4,"vectors":{${vectors}}}`);
    const events: string[] = [];
    const progress: Progress = {
      start(step, total) {
        events.push(`start ${step} ${total?.amount} ${total?.unit}`);
        return {
          update: (done) => events.push(`update ${done}`),
          done: (note) => events.push(`done ${note}`),
          fail: () => events.push('fail'),
        };
      },
    };
    const cache = path.join(dir, 'cache', 'glove.bin');
    const table = await loadGloveTable(cache, undefined, progress, source);
    expect(table.count).toBe(3000);
    expect(events[0]).toBe('start converting the word vectors (once per cache folder) 0 MB');
    expect(events.filter((e) => e.startsWith('update')).length).toBeGreaterThan(0);
    expect(events.at(-1)).toBe('done 3,000 words');
    events.length = 0;
    await loadGloveTable(cache, undefined, progress, source);
    expect(events).toEqual([]);
  });
});

describe('a first `ask` with no index yet', () => {
  it('piped: plain progress lines on stderr, the JSON alone on stdout', async () => {
    const r = await runNode('src/cli.ts', ['ask', '--json', 'Where were the talks held?'], testEnv());
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ answerable: true });
    expect(r.stderr).toMatch(/^footnote: building the index \(no index yet\)…\n/m);
    expect(r.stderr).toMatch(
      /^footnote: building the index \(no index yet\): done, 1 document, 9 paragraphs, \d+ sentences \(\d+\.\d s\)$/m,
    );
    expect(r.stderr).not.toContain('\u001b');
  });

  it('on a terminal the step is redrawn in place; the second start is silent', async () => {
    const env = testEnv();
    const tty = captureIO(env, { stderrIsTTY: true });
    expect(await createProgram(actions).run(['ask', '--json', 'Where were the talks held?'], tty.io)).toBe(0);
    expect(tty.stderr()).toMatch(
      /^footnote: building the index \(no index yet\)…\r\u001b\[Kfootnote: building the index \(no index yet\): done, /,
    );
    expect(JSON.parse(tty.stdout())).toMatchObject({ answerable: true });
    const again = await runProgram(['ask', '--json', 'Where were the talks held?'], env);
    expect(again).toMatchObject({ code: 0, stderr: '' });
  });
});
