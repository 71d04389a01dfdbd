import { cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/compose/bootstrap.js';
import { createTestApp, tempDir } from './helpers/app.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
let app: App;

beforeAll(async () => {
  const corpus = tempDir('footnote-multi-');
  cpSync(path.join(FIXTURES, 'council'), corpus, { recursive: true });
  cpSync(path.join(FIXTURES, 'plain-long.txt'), path.join(corpus, 'valley-flood.txt'));
  app = await createTestApp({ CORPUS_DIR: corpus });
});

describe('a corpus of several documents', () => {
  it('cites the right document and names it in the marker', async () => {
    const r = await app.footnote.ask('When is the next council meeting?');
    expect(r.citations[0]).toMatchObject({ doc: 'riverton-council-budget', paragraph: 5 });
    expect(r.answer).toContain('[riverton-council-budget ¶5]');
    const flood = await app.footnote.ask('Which bridge did engineers close?');
    expect(flood.citations[0]!.doc).toBe('valley-flood');
    expect(app.footnote.paragraph(flood.citations[0]!.paragraph, 'valley-flood').text).toContain(flood.citations[0]!.quote);
  });

  it('restricts an answer to one document when asked to', async () => {
    const r = await app.footnote.ask('When is the next meeting?', { doc: 'valley-flood' });
    expect(r.retrieved.every((x) => x.doc === 'valley-flood')).toBe(true);
    expect(r.citations.every((c) => c.doc === 'valley-flood')).toBe(true);
    await expect(app.footnote.ask('When is the next meeting?', { doc: 'nope' })).rejects.toThrow(/No document "nope"/);
  });

  it('splits the long plain-text document into numbered paragraphs', () => {
    const doc = app.footnote.documents().find((d) => d.id === 'valley-flood')!;
    expect(doc.paragraphs.length).toBeGreaterThan(2);
    expect(doc.paragraphs.map((p) => p.n)).toEqual(doc.paragraphs.map((_, i) => i + 1));
  });
});
