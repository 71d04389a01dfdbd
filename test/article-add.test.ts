// `footnote article add`: an article file or page written into a corpus folder as a document
// the corpus loader reads with the same paragraphs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArticle } from '../src/article/add.js';
import type { PageFetcher } from '../src/article/fetch.js';
import { loadCorpus } from '../src/corpus/load.js';
import { REPO, tempDir, testEnv } from './helpers/app.js';
import { runProgram } from './helpers/cli.js';

const PAGE = readFileSync(path.join(REPO, 'test/fixtures/articles/harbour-ferry.html'));
const noFetch: PageFetcher = () => Promise.reject(new Error('no network in this test'));

describe('article add', () => {
  it('writes an HTML page as <slug>.md; the corpus then has its paragraphs', async () => {
    const dir = tempDir();
    const src = path.join(tempDir(), 'story.html');
    writeFileSync(src, PAGE);
    const added = await addArticle(src, dir, { fetchPage: noFetch });
    expect(added).toMatchObject({
      id: 'port-halden-approves-night-ferry-after-two-year-fight-over',
      title: 'Port Halden approves night ferry after two-year fight over harbour noise',
      paragraphs: 7,
      written: true,
    });
    expect(added.firstParagraph).toMatch(/^PORT HALDEN, June 14/);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => [d.id, d.paragraphs.length, d.source])).toEqual([[added.id, 7, 'story.html']]);

    // The same article again is found, not duplicated; a different text of the same title gets its own name.
    expect(await addArticle(src, dir, { fetchPage: noFetch })).toMatchObject({ file: added.file, written: false });
    const other = path.join(tempDir(), 'other.txt');
    writeFileSync(other, 'A different text.\n\nWith two paragraphs.\n');
    const second = await addArticle(other, dir, { fetchPage: noFetch, title: added.title });
    expect(second).toMatchObject({ id: `${added.id}-2`, paragraphs: 2, written: true });
  });

  it('a link goes through the page fetcher; a missing file is a clear error', async () => {
    const fetchPage: PageFetcher = async (url) => ({ url, finalUrl: url, contentType: 'text/html', bytes: PAGE });
    const added = await addArticle('https://news.example/ferry', tempDir(), { fetchPage });
    expect(readFileSync(added.file, 'utf8')).toContain('source: https://news.example/ferry\n');
    await expect(addArticle('/nonexistent/story.txt', tempDir(), { fetchPage })).rejects.toThrow(
      'Cannot read /nonexistent/story.txt: no such file.',
    );
  });
});

describe('footnote article add', () => {
  it('writes the file and says what it wrote; a refused link or a bad action is exit 2', async () => {
    const dir = tempDir();
    const src = path.join(tempDir(), 'story.html');
    writeFileSync(src, PAGE);
    const ok = await runProgram(['article', 'add', src, '--corpus', dir], testEnv());
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      `Wrote ${path.join(dir, 'port-halden-approves-night-ferry-after-two-year-fight-over.md')}\n` +
        '"Port Halden approves night ferry after two-year fight over harbour noise": 7 paragraphs, cited as port-halden-approves-night-ferry-after-two-year-fight-over\n' +
        "¶1 PORT HALDEN, June 14 (Coastline Wire) - Port Halden's city council voted 7-4 on Friday to let a night ferry cross the harbour from September, ending a two-year…\n",
    );
    const http = await runProgram(['article', 'add', 'http://news.example/story', '--corpus', dir], testEnv());
    expect(http).toMatchObject({
      code: 2,
      stderr: 'Only https:// links can be read; http://news.example was refused.\n',
    });
    const local = await runProgram(['article', 'add', 'https://127.0.0.1/admin', '--corpus', dir], testEnv());
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('Refused to fetch from 127.0.0.1: it is a loopback address');
    expect((await runProgram(['article', 'remove', 'x'], testEnv())).code).toBe(2);
  });
});
