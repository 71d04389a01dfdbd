import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { UserError } from '../domain/errors.js';
import { splitSentences } from '../text/sentences.js';
import type { ArticleText } from './types.js';

/**
 * The DOM the reader walks, in the few members it uses. linkedom implements them; typing them
 * here keeps the DOM lib out of the whole project's type-checking.
 */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  localName?: string;
  getAttribute?(name: string): string | null;
  querySelectorAll?(selector: string): ArrayLike<DomNode>;
}

const ELEMENT = 1;
const TEXT = 3;

/** Never article text: media and their captions, page furniture, forms, embedded code. */
const SKIPPED = new Set([
  'figure',
  'figcaption',
  'picture',
  'img',
  'video',
  'audio',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
  'script',
  'style',
  'noscript',
  'template',
  'aside',
  'nav',
  'header',
  'footer',
  'form',
  'button',
  'input',
  'select',
  'textarea',
  'table',
  'caption',
]);
/** Elements whose text is one paragraph of their own. */
const BLOCKS = new Set(['p', 'li', 'blockquote', 'pre', 'dd', 'dt', 'address']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Containers: their block children are paragraphs; loose text inside them is one too. */
const CONTAINS_BLOCKS = new Set([...BLOCKS, ...HEADINGS, 'div', 'section', 'article', 'main', 'ul', 'ol', 'dl']);

/**
 * Words in an element's class, id or test id that mark page furniture Readability can leave
 * inside the article: ad slots ("Advertisement · Scroll to continue"), the date line, share
 * bars, newsletter promos. Matched as whole words of the name ("ad-slot__container" → ad,
 * slot, container), never as substrings ("header" is not "head", "shadow" is not "ad").
 */
const FURNITURE = new Set(
  'ad ads adslot advert adverts advertisement advertising sponsor sponsored promo promotion newsletter signup subscribe paywall related recommended share sharing social byline dateline timestamp info meta caption credit credits breadcrumb breadcrumbs tags toolbar cookie consent header updated'.split(
    ' ',
  ),
);

/** A paragraph that is mostly link or date text is navigation ("Read more: …", related stories, "Updated 2 hours ago"). */
const MAX_LINK_SHARE = 0.6;

// Readability creates some elements with upper-case names ("DIV"); linkedom keeps them as given.
const nameOf = (node: DomNode) => (node.localName ?? '').toLowerCase();
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

interface Block {
  kind: 'text' | 'heading';
  text: string;
  linkChars: number;
}

/** Characters of link and date text in a node. */
function linkChars(node: DomNode): number {
  if (nameOf(node) === 'a' || nameOf(node) === 'time') return collapse(node.textContent ?? '').length;
  let n = 0;
  const links = node.querySelectorAll?.('a, time') ?? [];
  for (let i = 0; i < links.length; i++) n += collapse(links[i]!.textContent ?? '').length;
  return n;
}

const words = (name: string) =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);

function isFurniture(node: DomNode): boolean {
  const names = ['class', 'id', 'data-testid', 'role'].map((a) => node.getAttribute?.(a) ?? '').join(' ');
  return words(names).some((w) => FURNITURE.has(w));
}

const isBlockish = (node: DomNode) => node.nodeType === ELEMENT && CONTAINS_BLOCKS.has(nameOf(node));

function hidden(node: DomNode): boolean {
  if (node.getAttribute?.('hidden') !== null && node.getAttribute?.('hidden') !== undefined) return true;
  return node.getAttribute?.('aria-hidden') === 'true';
}

/**
 * Never removed beforehand: the page's containers of the article, whatever their class says,
 * and what Readability reads metadata from (JSON-LD scripts, meta tags).
 */
const KEPT = new Set(['html', 'head', 'body', 'main', 'article', 'script', 'meta', 'title']);

/**
 * Removes ad slots, date lines, promos and the like before Readability scores the page, while
 * their class names are still there to say what they are.
 */
function removeFurniture(document: DomNode): void {
  const all = document.querySelectorAll?.('body *') ?? [];
  for (let i = 0; i < all.length; i++) {
    const node = all[i]! as DomNode & { remove?(): void };
    const name = nameOf(node);
    if (!KEPT.has(name) && (SKIPPED.has(name) || isFurniture(node))) node.remove?.();
  }
}

/** The paragraphs (and subheadings) of the reader's output, in document order. */
function collectBlocks(root: DomNode): Block[] {
  const blocks: Block[] = [];
  const visit = (node: DomNode) => {
    // Inline runs between blocks (text directly inside a div) form a paragraph of their own.
    let run: DomNode[] = [];
    const flush = () => {
      const text = collapse(run.map((n) => n.textContent ?? '').join(''));
      if (text) blocks.push({ kind: 'text', text, linkChars: run.reduce((sum, n) => sum + linkChars(n), 0) });
      run = [];
    };
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i]!;
      if (child.nodeType === TEXT) {
        run.push(child);
        continue;
      }
      if (child.nodeType !== ELEMENT) continue;
      const name = nameOf(child);
      if (SKIPPED.has(name) || hidden(child) || isFurniture(child)) continue;
      if (!isBlockish(child)) {
        run.push(child);
        continue;
      }
      flush();
      const nested = Array.from({ length: child.childNodes.length }, (_, k) => child.childNodes[k]!).some(isBlockish);
      if (HEADINGS.has(name)) {
        const text = collapse(child.textContent ?? '');
        if (text) blocks.push({ kind: 'heading', text, linkChars: linkChars(child) });
      } else if (BLOCKS.has(name) && !nested) {
        const text = collapse(child.textContent ?? '');
        if (text) blocks.push({ kind: 'text', text, linkChars: linkChars(child) });
      } else {
        visit(child);
      }
    }
    flush();
  };
  visit(root);
  return blocks;
}

/**
 * A subheading goes in front of the paragraph after it in capitals, the way the corpus keeps
 * section headings ("RARE FINDS The survey …"): the parser files it as the paragraph's section,
 * outside every quote. A heading the parser would not recognise as one is dropped rather than
 * glued onto the first sentence.
 */
function withHeading(heading: string, paragraph: string): string {
  const upper = heading.toUpperCase().replace(/[.:;!?]+$/, '');
  const joined = `${upper} ${paragraph}`;
  return splitSentences(joined)[0]?.heading === upper ? joined : paragraph;
}

function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10);
}

/**
 * Reduces a web page to its article: Mozilla's Readability (Firefox Reader View) finds the
 * article in the page, then its paragraphs are read from the DOM. Navigation, media captions,
 * asides and paragraphs that are mostly links ("Read more", related stories) are left out.
 */
export function readHtml(html: string, options: { url?: string; title?: string } = {}): ArticleText {
  const { document } = parseHTML(html);
  removeFurniture(document as unknown as DomNode);
  // Readability mutates the document it is given and returns the article's DOM node.
  const reader = new Readability<DomNode>(document as never, {
    serializer: (node) => node as unknown as DomNode,
    charThreshold: 200,
    keepClasses: true,
  });
  const article = reader.parse();
  if (!article?.content) throw new UserError('No article text was found on that page.');
  const byline = article.byline ? collapse(article.byline) : undefined;
  const paragraphs: string[] = [];
  let heading: string | undefined;
  for (const block of collectBlocks(article.content)) {
    if (block.kind === 'heading') {
      // Readability turns the headline (h1) into an h2: a heading before the first paragraph
      // is the headline or a kicker, not a section.
      heading = paragraphs.length === 0 || block.text === article.title ? undefined : block.text;
      continue;
    }
    if (block.linkChars / block.text.length > MAX_LINK_SHARE) continue;
    if (byline && (block.text === byline || block.text === `By ${byline}`)) continue;
    paragraphs.push(heading ? withHeading(heading, block.text) : block.text);
    heading = undefined;
  }
  const title = collapse(options.title ?? article.title ?? '');
  // The page's own headline often opens the body too.
  if (paragraphs[0] && paragraphs[0] === title) paragraphs.shift();
  if (paragraphs.length === 0) throw new UserError('No article text was found on that page.');
  const date = isoDate(article.publishedTime);
  return {
    title: title || 'Untitled article',
    paragraphs,
    ...(options.url ? { source: options.url } : {}),
    ...(date ? { date } : {}),
    ...(byline ? { byline } : {}),
  };
}
