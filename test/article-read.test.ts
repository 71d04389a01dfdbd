// Reading articles: a news page reduced to its body paragraphs, .txt/.md uploads read like
// corpus files, and the cleaned Markdown numbered by the README's paragraph contract.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../src/article/html.js';
import { slugify, toMarkdown } from '../src/article/markdown.js';
import { articleFormat, readArticle } from '../src/article/read.js';
import { parseDocument } from '../src/corpus/parse.js';
import { UserError } from '../src/domain/errors.js';
import { REPO } from './helpers/app.js';

const PAGE = readFileSync(path.join(REPO, 'test/fixtures/articles/harbour-ferry.html'), 'utf8');

// The story's body as its reporter wrote it, paragraph by paragraph.
const BODY = [
  "PORT HALDEN, June 14 (Coastline Wire) - Port Halden's city council voted 7-4 on Friday to let a night ferry cross the harbour from September, ending a two-year dispute between shift workers who asked for the service and residents of the old quay who feared the noise.",
  'The ferry will run every 40 minutes between midnight and 5 a.m., linking the container port on the west bank with the housing estates around the east terminal. Until now, night-shift workers without a car have faced a 90-minute walk or a taxi fare of about 35 euros.',
  '"People who keep this port moving at three in the morning deserve a way home that does not cost a tenth of their wages," said councillor Ines Marchetti, who proposed the route. She said the operator had agreed to use one of its two electric vessels on the night run.',
  'Residents of the old quay collected more than 2,100 signatures against the plan last year. Their association said on Friday it would ask the regional court to review the decision, arguing that the council had not measured noise at the quay at night.',
  'NOISE LIMITS Under the approved plan, the ferry may not sound its horn within 300 metres of the quay except in an emergency, and the council will install two noise monitors on the waterfront before the first crossing.',
  'If the monitors record more than 45 decibels at the nearest houses on three nights in a month, the operator must slow the crossings or pause them until the cause is fixed, the plan says.',
  "The service will cost the city about 1.2 million euros a year, paid for by a levy on the container terminal's operators, who have said they support the route because it would make night shifts easier to fill.",
];
const TITLE = 'Port Halden approves night ferry after two-year fight over harbour noise';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a news page', () => {
  it('gives exactly its body paragraphs: no navigation, captions, ads, "Read more", promos, related links or footer', () => {
    const article = readHtml(PAGE, { url: 'https://news.example/world/port-halden-ferry' });
    expect(article.title).toBe(TITLE);
    expect(article.paragraphs).toEqual(BODY);
    expect(article).toMatchObject({ date: '2025-06-14', byline: 'Mara Lindqvist', source: 'https://news.example/world/port-halden-ferry' });
    const all = article.paragraphs.join('\n');
    for (const furniture of [
      'Skip to main content',
      'cookies',
      'Subscribe',
      'Purchase Licensing',
      'Coastline Wire/Jonas Berg',
      'Advertisement',
      'Read more',
      'newsletter',
      'Trust Principles',
      'Related coverage',
      'container volumes hit record',
      'All rights reserved',
    ]) {
      expect(all).not.toContain(furniture);
    }
  });

  it('becomes a Markdown document whose paragraph N is the Nth body paragraph, the subheading kept as a section', () => {
    const markdown = toMarkdown(readHtml(PAGE, { url: 'https://news.example/a' }));
    expect(markdown).toMatch(
      /^---\ntitle: Port Halden approves night ferry after two-year fight over harbour noise\nsource: https:\/\/news\.example\/a\nbyline: Mara Lindqvist\ndate: 2025-06-14\n---\n\n# Port Halden approves/,
    );
    const doc = parseDocument('port-halden', markdown, { format: 'md' });
    expect(doc.title).toBe(TITLE);
    expect(doc.paragraphs.map((p) => p.text)).toEqual(BODY);
    expect(doc.paragraphs.map((p) => p.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(doc.paragraphs[4]!.sections).toEqual(['NOISE LIMITS']);
    expect(doc.paragraphs[4]!.sentences[0]!.text).toMatch(/^Under the approved plan/);
  });

  it('a page with plain <p> paragraphs and a sidebar reads the same way; a given title wins', () => {
    const page = `<html><head><title>Blog</title></head><body>
      <div id="sidebar"><h3>Popular</h3><ul><li><a href="/1">First popular post</a></li><li><a href="/2">Second popular post</a></li></ul></div>
      <div id="content"><h1>The orchard in winter</h1>
      <p>Pruning starts when the leaves have fallen and the sap is down, usually in the second half of December in this valley.</p>
      <p>We cut the water shoots first, then open the centre of each tree so that light reaches every branch in spring.</p>
      <p>The cuttings are chipped and spread under the rows, where they feed the soil through the wet months.</p></div>
      <div class="share-tools"><a href="/share">Share this post</a></div></body></html>`;
    const article = readHtml(page, { title: 'Winter pruning' });
    expect(article.title).toBe('Winter pruning');
    expect(article.paragraphs).toHaveLength(3);
    expect(article.paragraphs[0]).toMatch(/^Pruning starts/);
    expect(article.paragraphs[2]).toMatch(/through the wet months\.$/);
  });

  it('a page with no article text is refused', () => {
    expect(() => readHtml('<html><body><nav><a href="/">Home</a></nav></body></html>')).toThrow(/No article text was found/);
  });
});

describe('uploads', () => {
  it('a .txt file: every blank-line block is a paragraph, the title is given or taken from the file name', () => {
    const txt =
      'The library will open on Sundays from March.\n\nThe council found the money in the parks budget.\r\n\r\nVolunteers will run the reading room.\n';
    const article = readArticle({ name: 'library-sundays.txt', bytes: bytes(txt) });
    expect(article).toEqual({
      title: 'Library sundays',
      source: 'library-sundays.txt',
      paragraphs: [
        'The library will open on Sundays from March.',
        'The council found the money in the parks budget.',
        'Volunteers will run the reading room.',
      ],
    });
    expect(readArticle({ name: 'x.txt', bytes: bytes(txt), title: 'Sunday opening' }).title).toBe('Sunday opening');
  });

  it('a .md file numbers exactly as the same file in corpus/ does (front matter and # Title are not paragraphs)', () => {
    const md =
      '---\ntitle: Bridge repairs\ndate: 2025-02-01\n---\n\n# Bridge repairs\n\nThe old bridge closes for repairs on Monday.\n\nBuses will take the long way round.\n';
    const article = readArticle({ name: 'bridge.md', bytes: bytes(md) });
    expect(article).toMatchObject({
      title: 'Bridge repairs',
      date: '2025-02-01',
      paragraphs: ['The old bridge closes for repairs on Monday.', 'Buses will take the long way round.'],
    });
    const again = parseDocument('bridge', toMarkdown(article), { format: 'md' });
    expect(again.paragraphs.map((p) => p.text)).toEqual(parseDocument('bridge', md, { format: 'md' }).paragraphs.map((p) => p.text));
  });

  it('an HTML upload is read by the page reader; the format comes from the name, then the type', () => {
    expect(readArticle({ name: 'story.html', bytes: bytes(PAGE) }).paragraphs).toEqual(BODY);
    expect(articleFormat({ name: 'download', contentType: 'text/html; charset=utf-8' })).toBe('html');
    expect(articleFormat({ name: 'notes.MD' })).toBe('md');
    expect(articleFormat({ name: 'photo.jpg', contentType: 'image/jpeg' })).toBeUndefined();
  });

  it('a binary, non-UTF-8, oversized or unknown file is refused with a message that says why', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error('not refused');
    };
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(refusal(() => readArticle({ name: 'scan.txt', bytes: png }))).toBe(
      'scan.txt is not a text file: upload a .txt, .md or .html article.',
    );
    expect(refusal(() => readArticle({ name: 'latin.txt', bytes: Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) }))).toMatch(
      /not valid UTF-8/,
    );
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    expect(refusal(() => readArticle({ name: 'huge.txt', bytes: big }))).toBe('huge.txt is 10 MB; an article may be at most 5 MB.');
    expect(refusal(() => readArticle({ name: 'long.txt', bytes: bytes('word '.repeat(80_000)) }))).toMatch(
      /^long\.txt has 399,999 characters of text; an article may have at most 300,000\.$/,
    );
    expect(refusal(() => readArticle({ name: 'sheet.xlsx', bytes: bytes('x'), contentType: 'application/vnd.ms-excel' }))).toBe(
      'sheet.xlsx (application/vnd.ms-excel) is not an article footnote can read: use a .txt, .md or .html file.',
    );
    expect(refusal(() => readArticle({ name: 'empty.txt', bytes: bytes('\n\n  \n') }))).toBe('empty.txt has no text.');
  });

  it('a page in a declared legacy charset is decoded with it', () => {
    const html = `<html><head><meta charset="windows-1252"><title>Caf\xe9 reopens</title></head><body><article><p>The caf\xe9 on the square reopened on Tuesday after a year of repairs to its roof and kitchen, the owners said.</p><p>It will keep its old menu and its old prices until the summer, they added.</p></article></body></html>`;
    const latin1 = Uint8Array.from(html, (c) => c.charCodeAt(0));
    expect(readArticle({ name: 'cafe.html', bytes: latin1 }).paragraphs[0]).toMatch(/^The café on the square/);
  });
});

describe('names', () => {
  it('slugify makes short ASCII file names from titles', () => {
    expect(slugify(TITLE)).toBe('port-halden-approves-night-ferry-after-two-year-fight-over');
    expect(slugify('Café society: “Zürich” at night')).toBe('cafe-society-zurich-at-night');
    expect(slugify('¿¡!?')).toBe('article');
  });
});
