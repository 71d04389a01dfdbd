// Files in the corpus folder that are not documents: text in another encoding, binary files,
// editor droppings (hidden files, dangling lock links), entries that cannot be read. Each is
// left out, with a warning where someone put it there on purpose, and the rest still loads.
import { EventEmitter } from 'node:events';
import type { FSWatcher } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { watchCorpus } from '../src/app/watch.js';
import { readArticle } from '../src/article/read.js';
import { createApp } from '../src/compose/bootstrap.js';
import { createLogger } from '../src/compose/log.js';
import { decodeBytes } from '../src/corpus/decode.js';
import { corpusOf, loadCorpus } from '../src/corpus/load.js';
import type { Footnote } from '../src/app/footnote.js';
import { REPO, testEnv } from './helpers/app.js';
import { runNode } from './helpers/spawn.js';

const MILL = [
  '# The mill at Vell',
  'The old mill at Vell turned again on Saturday, forty years after it last ground grain, once volunteers had cleared the millrace of fallen willows.',
  'The miller, Oda Brenn, said the stones would grind rye for the town bakery every Tuesday from next month.',
].join('\n\n');

/** Latin-1 bytes: "é" is the single byte 0xE9, which UTF-8 does not allow there. */
const LATIN1 = Buffer.from('# Le moulin\n\nLe meunier de Vell a bu un café.\n', 'latin1');
/** UTF-16 with its byte-order mark: a NUL after every ASCII letter. */
const UTF16 = Buffer.from('\uFEFF# The mill\n\nThe wheel turned.\n', 'utf16le');
/** The start of a PNG image saved with a text extension. */
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);

const NOT_UTF8 = 'is not a text file (it is not valid UTF-8)';
const NOT_TEXT = 'is not a text file';

async function corpusDir(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'footnote-strays-'));
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** A `log` for the loader that keeps its warnings. */
function warnings() {
  const seen: { obj: Record<string, unknown>; msg: string }[] = [];
  return { log: { warn: (obj: object, msg?: string) => void seen.push({ obj: obj as Record<string, unknown>, msg: msg ?? '' }) }, seen };
}

describe('corpus files that are not UTF-8 text', () => {
  it('GIVEN Latin-1, UTF-16 and binary files beside an article THEN only the article is a document, each other file warned about by name and reason', async () => {
    const dir = await corpusDir({ 'mill.md': MILL, 'latin.md': LATIN1, 'wide.txt': UTF16, 'scan.txt': BINARY });
    const { log, seen } = warnings();
    const corpus = await loadCorpus(dir, { log });
    expect(corpus.documents.map((d) => d.id)).toEqual(['mill']);
    expect(seen.map((w) => w.obj)).toEqual([
      { file: path.join(dir, 'latin.md'), reason: NOT_UTF8 },
      { file: path.join(dir, 'scan.txt'), reason: NOT_TEXT },
      { file: path.join(dir, 'wide.txt'), reason: NOT_TEXT },
    ]);
    expect(seen[0]!.msg).toBe(`${path.join(dir, 'latin.md')} ${NOT_UTF8}; skipped`);
    // The skipped files are not part of the corpus: the hash is that of the article alone.
    expect(corpus.hash).toBe((await loadCorpus(await corpusDir({ 'mill.md': MILL }))).hash);
  });

  it('refuses exactly the files an upload refuses, with the same words', () => {
    for (const [name, bytes, reason] of [
      ['latin.md', LATIN1, NOT_UTF8],
      ['wide.txt', UTF16, NOT_TEXT],
      ['scan.txt', BINARY, NOT_TEXT],
    ] as const) {
      expect(decodeBytes(bytes)).toEqual({ notText: reason });
      expect(() => readArticle({ name, bytes })).toThrow(`${name} ${reason}: upload a .txt, .md or .html article.`);
    }
    expect(decodeBytes(Buffer.from(MILL))).toEqual({ text: MILL });
  });

  it('GIVEN only files that are not text THEN it is the usual "no documents" error, after the warnings', async () => {
    const dir = await corpusDir({ 'latin.md': LATIN1, 'scan.txt': BINARY });
    const { log, seen } = warnings();
    await expect(loadCorpus(dir, { log })).rejects.toThrow(`No documents in ${dir}: add .md or .txt files.`);
    expect(seen).toHaveLength(2);
  });

  it('hashes a UTF-8 file with a byte-order mark exactly as before, so its index is not rebuilt', async () => {
    const dir = await corpusDir({ 'mill.md': `\uFEFF${MILL}` });
    const corpus = await loadCorpus(dir);
    const raw = await readFile(path.join(dir, 'mill.md'), 'utf8');
    expect(raw.startsWith('\uFEFF')).toBe(true);
    expect(corpus.hash).toBe(corpusOf(dir, [{ name: 'mill.md', raw }]).hash);
    expect(corpus.documents[0]!.title).toBe('The mill at Vell');
  });
});

describe('editor droppings and unreadable entries in the corpus folder', () => {
  it('GIVEN hidden files (a draft, a dangling Emacs lock link) THEN they are ignored without a word', async () => {
    const dir = await corpusDir({ 'mill.md': MILL, '.draft.md': '# A draft\n\nThe mill at Vell may close in winter.\n' });
    await symlink('someone@host.1234:1700000000', path.join(dir, '.#mill.md'));
    const { log, seen } = warnings();
    const corpus = await loadCorpus(dir, { log });
    expect(corpus.documents.map((d) => d.id)).toEqual(['mill']);
    expect(seen).toEqual([]);
    expect(corpus.hash).toBe((await loadCorpus(await corpusDir({ 'mill.md': MILL }))).hash);
  });

  it('GIVEN a dangling link and a folder named like documents THEN each is skipped with a warning naming it', async () => {
    const dir = await corpusDir({ 'mill.md': MILL });
    await symlink(path.join(dir, 'moved-away.md'), path.join(dir, 'notes.md'));
    await mkdir(path.join(dir, 'archive.md'));
    const { log, seen } = warnings();
    const corpus = await loadCorpus(dir, { log });
    expect(corpus.documents.map((d) => d.id)).toEqual(['mill']);
    expect(seen.map((w) => w.msg)).toEqual([
      `${path.join(dir, 'archive.md')} cannot be read: it is a folder; skipped`,
      `${path.join(dir, 'notes.md')} cannot be read: it is a broken link, or was deleted while being read; skipped`,
    ]);
  });

  it('GIVEN a file its reader may not read THEN it is skipped with "permission denied" and the rest loads', async () => {
    const dir = await corpusDir({ 'mill.md': MILL, 'locked.md': '# Locked\n\nThe mill at Vell sells its flour in Brask.\n' });
    await chmod(path.join(dir, 'locked.md'), 0o000);
    // Root reads a file whatever its mode, so as root the loader runs as the unprivileged "nobody".
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    const scriptDir = await mkdtemp(path.join(tmpdir(), 'footnote-perm-'));
    const script = path.join(scriptDir, 'load.mts');
    await writeFile(
      script,
      [
        `import { loadCorpus } from ${JSON.stringify(path.join(REPO, 'src/corpus/load.ts'))};`,
        'const seen: string[] = [];',
        `const corpus = await loadCorpus(${JSON.stringify(dir)}, { log: { warn: (_: object, msg?: string) => void seen.push(msg ?? '') } });`,
        'console.log(JSON.stringify({ documents: corpus.documents.map((d) => d.id), seen }));',
      ].join('\n'),
    );
    for (const folder of [dir, scriptDir]) await chmod(folder, 0o755);
    const r = await runNode(script, [], {}, '', { user });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      documents: ['mill'],
      seen: [`${path.join(dir, 'locked.md')} cannot be read: permission denied; skipped`],
    });
  });

  it('GIVEN a stray file and a dangling lock link WHEN the app starts THEN it answers from the article and logs the stray file', async () => {
    const dir = await corpusDir({ 'mill.md': MILL, 'latin.md': LATIN1 });
    await symlink('someone@host.1234:1700000000', path.join(dir, '.#mill.md'));
    const lines: { level: number; msg: string; file?: string }[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = await createApp(testEnv({ CORPUS_DIR: dir }), {}, log);
    const r = await app.footnote.ask('Who is the miller?');
    expect(r.citations[0]).toMatchObject({ doc: 'mill', paragraph: 2 });
    expect(lines.filter((l) => l.level === 40)).toEqual([
      expect.objectContaining({ file: path.join(dir, 'latin.md'), msg: expect.stringMatching(/latin\.md is not a text file/) }),
    ]);
  });

  it('GIVEN a dangling Emacs lock link WHEN a command runs THEN it succeeds', async () => {
    const dir = await corpusDir({ 'mill.md': MILL });
    await symlink('someone@host.1234:1700000000', path.join(dir, '.#mill.md'));
    const r = await runNode('src/cli.ts', ['ask', 'What will the stones grind?'], testEnv({ CORPUS_DIR: dir }));
    expect(r.stderr).not.toMatch(/ENOENT/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rye/);
  });
});

describe('the corpus watcher and hidden files', () => {
  function fakeWatch() {
    const emitter = new EventEmitter() as EventEmitter & { close(): void };
    emitter.close = () => {};
    let listener: (event?: string, filename?: string | null) => void = () => {};
    const watch = (_dir: string, l: typeof listener) => ((listener = l), emitter as unknown as FSWatcher);
    return { watch, fire: (filename: string | null) => listener('change', filename) };
  }

  it('does not reload for hidden files, and does for documents and for events that name no file', async () => {
    const { watch, fire } = fakeWatch();
    const reload = vi.fn<Footnote['reload']>().mockResolvedValue({ changed: false });
    const watcher = watchCorpus({ reload }, '/corpus', { warn: vi.fn(), info: vi.fn() }, { debounceMs: 20, watch });
    try {
      fire('.#mill.md');
      fire('.mill.md.swp');
      fire('.draft.md');
      await sleep(80);
      expect(reload).not.toHaveBeenCalled();
      fire('mill.md');
      await sleep(80);
      expect(reload).toHaveBeenCalledTimes(1);
      fire(null);
      await sleep(80);
      expect(reload).toHaveBeenCalledTimes(2);
    } finally {
      watcher.close();
    }
  });
});
