import { footnoteSettingsOf, embeddingsSettingsOf } from '../src/compose/config.js';
import { EventEmitter } from 'node:events';
import { cpSync, readFileSync, rmSync, writeFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { describeCorpusChange, reloadCommand } from '../src/commands/reload.js';
import type { CommandContext, Invoker } from '../src/commands/types.js';
import { loadConfig } from '../src/compose/config.js';
import { createFootnote, type Footnote } from '../src/app/footnote.js';
import type { CorpusDocument } from '../src/domain/types.js';
import { watchCorpus } from '../src/app/watch.js';
import { createEmbeddings, type EmbeddingsBundle } from '../src/embeddings/factory.js';
import { createLogger } from '../src/compose/log.js';
import { createTestApp, fixture, tempDir, testEnv } from './helpers/app.js';

const FIXTURE = fixture('council');
const ARTICLE = 'riverton-council-budget.md';
const log = createLogger('silent');

/** A private copy of the five-paragraph council article. */
function tempCorpus(): { dir: string; file: string } {
  const dir = tempDir('footnote-corpus-');
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, file: path.join(dir, ARTICLE) };
}

/** Moves the next meeting to April 14 (¶5) and adds ¶6 about a park. */
function editArticle(file: string): void {
  const text = readFileSync(file, 'utf8').replace('scheduled for March 3', 'scheduled for April 14');
  writeFileSync(
    file,
    `${text}\nThe council also voted to name the new riverside park after the poet Anna Lindqvist, who grew up in Riverton.\n`,
  );
}

const PARK = 'Which poet is the riverside park named after?';
const MEETING = 'When is the next council meeting?';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/**
 * The configured embeddings, except that index builds can be held at a gate: the test sees a
 * rebuild start and decides when it may finish. Query embeddings are never held.
 */
async function gatedFootnote(corpusDir: string) {
  const config = loadConfig(testEnv({ CORPUS_DIR: corpusDir }));
  const real = await createEmbeddings(embeddingsSettingsOf(config), log);
  let gate: Promise<void> | undefined;
  let open = () => {};
  let started = () => {};
  const building = { started: new Promise<void>((r) => (started = r)) };
  const embeddings: EmbeddingsBundle = {
    ...real,
    info: {
      model: real.info.model,
      embeddings: {
        embedQuery: (text) => real.info.embeddings.embedQuery(text),
        embedDocuments: async (texts) => {
          started();
          if (gate) await gate;
          return real.info.embeddings.embedDocuments(texts);
        },
      },
    },
  };
  const footnote = await createFootnote({ config: footnoteSettingsOf(config), log, embeddings });
  return {
    footnote,
    /** Holds the next builds until `release()`; resolves `building.started` when one begins. */
    hold() {
      gate = new Promise<void>((r) => (open = r));
      building.started = new Promise<void>((r) => (started = r));
    },
    release: () => open(),
    building,
  };
}

describe('footnote.reload()', () => {
  it('GIVEN the article changed WHEN reloaded THEN answers cite the new and edited paragraphs (the cache is invalidated)', async () => {
    const { dir, file } = tempCorpus();
    const app = await createTestApp({ CORPUS_DIR: dir });
    expect((await app.footnote.ask(PARK)).answerable).toBe(false);
    expect((await app.footnote.ask(MEETING)).answer).toContain('March 3');
    expect(await app.footnote.reload()).toEqual({ changed: false });
    editArticle(file);
    expect(await app.footnote.reload()).toEqual({ changed: true, rebuilt: 'corpus changed' });
    const park = await app.footnote.ask(PARK);
    expect(park.citations).toEqual([{ doc: 'riverton-council-budget', paragraph: 6, quote: expect.stringContaining('Anna Lindqvist') }]);
    const meeting = await app.footnote.ask(MEETING);
    expect(meeting.citations[0]).toMatchObject({ paragraph: 5, quote: expect.stringContaining('April 14') });
    expect(app.footnote.info().counts.paragraphs).toBe(6);
  });

  it('keeps answering from the old index while the new one builds', async () => {
    const { dir, file } = tempCorpus();
    const t = await gatedFootnote(dir);
    editArticle(file);
    t.hold();
    const reloading = t.footnote.reload();
    await t.building.started;
    // The rebuild is in progress (held at the gate): questions still get the old article.
    for (let i = 0; i < 3; i++) {
      const r = await t.footnote.ask(MEETING);
      expect(r.answer).toContain('March 3');
      expect((await t.footnote.ask(PARK)).answerable).toBe(false);
    }
    expect(t.footnote.info().counts.paragraphs).toBe(5);
    t.release();
    expect(await reloading).toMatchObject({ changed: true });
    expect((await t.footnote.ask(MEETING)).answer).toContain('April 14');
  });

  it('GIVEN a reload is running WHEN the files change again and reload is called THEN the later change is read too', async () => {
    const { dir, file } = tempCorpus();
    const t = await gatedFootnote(dir);
    editArticle(file);
    t.hold();
    const first = t.footnote.reload();
    await t.building.started;
    writeFileSync(file, readFileSync(file, 'utf8').replace('April 14', 'May 2'));
    const second = t.footnote.reload();
    const third = t.footnote.reload();
    expect(third).toBe(second);
    t.release();
    await first;
    await second;
    expect((await t.footnote.ask(MEETING)).answer).toContain('May 2');
  });

  it('GIVEN the corpus folder is emptied WHEN reloaded THEN it fails with a UserError and the old index keeps answering', async () => {
    const { dir, file } = tempCorpus();
    const app = await createTestApp({ CORPUS_DIR: dir });
    rmSync(file);
    await expect(app.footnote.reload()).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(/No documents/) });
    expect((await app.footnote.ask(MEETING)).answer).toContain('March 3');
  });
});

/** An fs.watch stand-in the test fires by hand. */
function fakeWatch() {
  const emitter = new EventEmitter() as EventEmitter & { close: () => void; fire: () => void; closed: boolean };
  let listener = () => {};
  emitter.closed = false;
  emitter.close = () => void (emitter.closed = true);
  emitter.fire = () => listener();
  const watch = (_dir: string, l: () => void) => ((listener = l), emitter as unknown as FSWatcher);
  return { emitter, watch };
}

describe('watchCorpus', () => {
  it('GIVEN a running core WHEN the article file is saved THEN answers cite the new paragraphs without a restart', async () => {
    const { dir, file } = tempCorpus();
    const app = await createTestApp({ CORPUS_DIR: dir });
    const watcher = watchCorpus(app.footnote, dir, log, { debounceMs: 50 });
    try {
      expect((await app.footnote.ask(PARK)).answerable).toBe(false);
      editArticle(file);
      await until(async () => (await app.footnote.ask(PARK)).answerable);
      expect((await app.footnote.ask(PARK)).citations[0]).toMatchObject({ paragraph: 6, quote: expect.stringContaining('Lindqvist') });
    } finally {
      watcher.close();
    }
  });

  it('reloads once for a burst of changes, logs a failed reload and tries again on the next change', async () => {
    const { emitter, watch } = fakeWatch();
    const reload = vi
      .fn<Footnote['reload']>()
      .mockRejectedValueOnce(new Error('half-saved file'))
      .mockResolvedValue({ changed: true, rebuilt: 'corpus changed' });
    const warn = vi.fn();
    const info = vi.fn();
    const watcher = watchCorpus({ reload }, '/corpus', { warn, info }, { debounceMs: 30, watch });
    for (let i = 0; i < 5; i++) emitter.fire();
    await until(async () => warn.mock.calls.length > 0);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![1]).toMatch(/reload failed/);
    emitter.fire();
    await until(async () => info.mock.calls.length > 0);
    expect(reload).toHaveBeenCalledTimes(2);
    watcher.close();
    expect(emitter.closed).toBe(true);
    emitter.fire();
    await sleep(80);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('logs, and does not throw, when the folder cannot be watched or the watcher fails', async () => {
    const warn = vi.fn();
    const watcher = watchCorpus({ reload: vi.fn() }, path.join(tempDir(), 'missing'), { warn, info: vi.fn() });
    expect(warn).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/cannot watch/));
    watcher.close();
    const { emitter, watch } = fakeWatch();
    const failing = watchCorpus({ reload: vi.fn() }, '/corpus', { warn, info: vi.fn() }, { watch });
    emitter.emit('error', new Error('EMFILE'));
    expect(warn).toHaveBeenLastCalledWith(expect.anything(), expect.stringMatching(/watcher failed/));
    failing.close();
  });
});

const invoker = (canManageGuild: boolean): Invoker => ({
  userId: '1',
  guildId: '2',
  canManageGuild,
  canManageMessages: canManageGuild,
  roleIds: [],
});

describe('/reload', () => {
  it('is defined for server managers only, in servers', () => {
    expect(reloadCommand.definition).toMatchObject({ name: 'reload', default_member_permissions: '32', contexts: [0] });
    expect(reloadCommand.ephemeral?.({})).toBe(true);
  });

  it('refuses members without Manage Server (the handler checks, whatever Discord shows)', async () => {
    const { dir } = tempCorpus();
    const app = await createTestApp({ CORPUS_DIR: dir });
    const reload = vi.spyOn(app.footnote, 'reload');
    const ctx: CommandContext = { ...app, invoker: invoker(false), surface: 'discord' };
    await expect(reloadCommand.handle(ctx, {})).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringMatching(/Manage Server/),
    });
    expect(reload).not.toHaveBeenCalled();
  });

  it('says nothing changed, or what changed', async () => {
    const { dir, file } = tempCorpus();
    const app = await createTestApp({ CORPUS_DIR: dir });
    const ctx: CommandContext = { ...app, invoker: invoker(true), surface: 'discord' };
    expect(await reloadCommand.handle(ctx, {})).toEqual({
      kind: 'text',
      text: 'The article files are unchanged (1 document, 5 paragraphs); nothing to reload.',
      ephemeral: true,
    });
    editArticle(file);
    const reply = await reloadCommand.handle(ctx, {});
    expect(reply.kind === 'text' && reply.text).toMatch(
      /^Reloaded the article: 1 document, 6 paragraphs, index rebuilt in \d+ ms\.\n• riverton-council-budget: 5 → 6 paragraphs; ¶5 changed$/,
    );
    expect((await app.footnote.ask(PARK)).answerable).toBe(true);
  });
});

describe('describeCorpusChange', () => {
  const doc = (id: string, texts: string[], title = id): CorpusDocument => ({
    id,
    title,
    paragraphs: texts.map((text, i) => ({ doc: id, n: i + 1, text, sections: [], sentences: [] })),
  });

  it('lists added, removed and edited documents, and nothing for identical ones', () => {
    const before = [doc('a', ['x', 'y']), doc('b', ['z']), doc('c', ['same'])];
    const after = [doc('a', ['x', 'Y!'], 'A new title'), doc('c', ['same']), doc('d', ['1', '2', '3'])];
    expect(describeCorpusChange(before, after)).toEqual(['a: ¶2 changed; new title', 'd: added (3 paragraphs)', 'b: removed']);
    expect(describeCorpusChange(before, before)).toEqual([]);
  });

  it('shortens long lists of edited paragraphs', () => {
    const many = Array.from({ length: 12 }, (_, i) => `p${i}`);
    expect(
      describeCorpusChange(
        [doc('a', many)],
        [
          doc(
            'a',
            many.map((t) => `${t}!`),
          ),
        ],
      ),
    ).toEqual(['a: ¶1, ¶2, ¶3, ¶4, ¶5, ¶6, ¶7, ¶8 and 4 more changed']);
  });
});
