import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.js';
import { parseDocument, splitBlocks } from '../src/corpus/parse.js';
import { splitSentences } from '../src/text/sentences.js';
import { REPO_CORPUS } from './helpers/app.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');

describe('paragraph numbering (public contract)', () => {
  it('numbers the blank-line blocks of the body from 1, after front matter and the title', () => {
    const raw = readFileSync(path.join(FIXTURES, 'council/riverton-council-budget.md'), 'utf8');
    const doc = parseDocument('riverton', raw, { format: 'md' });
    expect(doc.title).toBe('Riverton council approves budget after long debate');
    expect(doc.source).toBe('Test fixture (invented)');
    expect(doc.paragraphs.map((p) => p.n)).toEqual([1, 2, 3, 4, 5]);
    expect(doc.paragraphs[0]!.text.startsWith('The Riverton city council approved')).toBe(true);
    expect(doc.paragraphs.every((p) => p.doc === 'riverton')).toBe(true);
  });

  it('reads the title and source of front matter that is not valid YAML from its key: value lines', () => {
    // "@" cannot start a plain YAML value: the header is still the author's, not the heading.
    const raw =
      '---\ntitle: Harbour report, 1931 (Ana Ruiz)\nsource: @org/harbour-reports (public domain)\n---\n\n# Harbour report\n\nThe port grew.\n';
    const doc = parseDocument('harbour', raw, { format: 'md' });
    expect(doc.title).toBe('Harbour report, 1931 (Ana Ruiz)');
    expect(doc.source).toBe('@org/harbour-reports (public domain)');
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['The port grew.']);
  });

  it('gives the shipped article exactly its 9 paragraphs, body text unchanged', async () => {
    const corpus = await loadCorpus(REPO_CORPUS);
    const doc = corpus.documents[0]!;
    expect(corpus.documents).toHaveLength(1);
    expect(doc.paragraphs).toHaveLength(9);
    const raw = readFileSync(path.join(REPO_CORPUS, `${doc.id}.md`), 'utf8');
    for (const p of doc.paragraphs) expect(raw).toContain(p.text);
  });

  it('keeps every block of a .txt file, the first one included', () => {
    const doc = parseDocument('plain', 'A title line\n\nFirst real paragraph. It has two sentences.\n\nSecond one.', { format: 'txt' });
    expect(doc.paragraphs.map((p) => p.text)).toEqual(['A title line', 'First real paragraph. It has two sentences.', 'Second one.']);
    expect(doc.title).toBe('Plain');
  });

  it('treats lines of only whitespace as blank, and CRLF like LF', () => {
    expect(splitBlocks('one\r\n \r\ntwo'.replace(/\r\n?/g, '\n'))).toEqual(['one', 'two']);
    expect(splitBlocks('a\n\n\n\nb\n \t\nc')).toEqual(['a', 'b', 'c']);
  });

  it('splits a document with no blank lines into paragraphs of a few sentences', () => {
    const raw = readFileSync(path.join(FIXTURES, 'plain-long.txt'), 'utf8');
    const doc = parseDocument('flood', raw, { format: 'txt' });
    expect(doc.paragraphs.length).toBeGreaterThanOrEqual(3);
    expect(doc.paragraphs.every((p) => p.sentences.length <= 4 && p.sentences.length >= 1)).toBe(true);
    // Nothing is lost or reordered.
    expect(doc.paragraphs.map((p) => p.text).join(' ')).toBe(raw.trim().replace(/\s+/g, ' '));
  });
});

describe('sentences', () => {
  it('records offsets that quote the paragraph exactly', async () => {
    const corpus = await loadCorpus(REPO_CORPUS);
    for (const p of corpus.documents[0]!.paragraphs) {
      for (const s of p.sentences) expect(p.text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('does not break after initialisms or titles before a name', () => {
    const s = splitSentences('He met U.S. President Donald Trump on Monday. Dr. Smith agreed. It rained.');
    expect(s.map((x) => x.text)).toEqual(['He met U.S. President Donald Trump on Monday.', 'Dr. Smith agreed.', 'It rained.']);
  });

  it('does break after an initialism that ends a sentence', () => {
    const s = splitSentences('Exports fell to the U.S. The decline was sharp.');
    expect(s.map((x) => x.text)).toEqual(['Exports fell to the U.S.', 'The decline was sharp.']);
  });

  it('recognises inline all-caps section headings as metadata, not sentence text', () => {
    const raw = readFileSync(path.join(FIXTURES, 'council/riverton-council-budget.md'), 'utf8');
    const p = parseDocument('riverton', raw, { format: 'md' }).paragraphs[3]!;
    expect(p.sections).toEqual(['POOL DECISION']);
    expect(p.sentences[0]!.text).toBe('The council agreed to keep the pool open until September.');
    expect(p.sentences.some((s) => s.text.includes('POOL DECISION'))).toBe(false);
  });

  it('does not mistake a single acronym opening a sentence for a heading', () => {
    const s = splitSentences('NATO Secretary General spoke first. Then others spoke.');
    expect(s[0]!.text).toBe('NATO Secretary General spoke first.');
  });
});
