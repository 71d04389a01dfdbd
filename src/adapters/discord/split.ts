import { MARKER_SOURCE } from './markdown.js';

/** Discord's limit on message content. */
export const CONTENT_LIMIT = 2000;

const FENCE = '```';

const MARKER = new RegExp(MARKER_SOURCE, 'g');
const STARTS_WITH_MARKER = new RegExp(`^\\s*(?:\\*\\*)?${MARKER_SOURCE}`);
const ENDS_SENTENCE = new RegExp(`(?:[.!?]["”’)]?|${MARKER_SOURCE}|”)$`);
// A sources line: an optional block quote, then its marker, e.g. `> **[¶4]** “…”`.
const LEADING_MARKER = new RegExp(`^(?:> )?(?:\\*\\*)?${MARKER_SOURCE}(?:\\*\\*)?\\s*$`);

type Kind = 'paragraph' | 'line' | 'sentence' | 'word';

/**
 * Splits message text into parts of at most `limit` characters. Cuts prefer, in order: a blank
 * line, a line break, a sentence end, a space — the first kind found in the second half of the
 * window wins, so parts stay few and full. A citation marker is never cut, never separated from
 * the sentence before it nor from the quote after it (sources lines start with their marker).
 * A block-quote line cut in the middle continues with `> ` in the next part; a code block cut in
 * the middle is closed at the end of its part and reopened in the next.
 */
export function splitContent(text: string, limit = CONTENT_LIMIT): string[] {
  if (limit < 20) throw new RangeError('limit too small to split sensibly');
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    // Room for closing a code block that the cut would leave open.
    const room = rest.slice(0, limit).includes(FENCE) ? limit - FENCE.length - 1 : limit;
    const { at, kind } = findCut(rest, room);
    let head = rest.slice(0, at).trimEnd();
    let tail = rest.slice(at).replace(/^\s+/, '');
    if ((head.split(FENCE).length - 1) % 2 === 1) {
      head = `${head}\n${FENCE}`;
      tail = `${FENCE}\n${tail}`;
    }
    const lineStart = rest.lastIndexOf('\n', at - 1) + 1;
    if ((kind === 'sentence' || kind === 'word' || kind === 'hard') && rest.startsWith('> ', lineStart)) tail = `> ${tail}`;
    if (head) parts.push(head);
    rest = tail;
  }
  if (rest) parts.push(rest);
  return parts;
}

function findCut(s: string, limit: number): { at: number; kind: Kind | 'hard' } {
  const markers = [...s.slice(0, limit + 200).matchAll(MARKER)].map((m) => [m.index, m.index + m[0].length] as const);
  const insideMarker = (at: number) => markers.some(([a, b]) => a < at && at < b);
  const valid = (at: number, kind: Kind) => {
    if (at <= 0 || at > limit || insideMarker(at)) return false;
    if (kind === 'sentence' || kind === 'word') {
      if (STARTS_WITH_MARKER.test(s.slice(at, at + 120))) return false;
      const lineStart = s.lastIndexOf('\n', at - 1) + 1;
      if (LEADING_MARKER.test(s.slice(lineStart, at))) return false;
    }
    return true;
  };
  const candidates: Record<Kind, number[]> = { paragraph: [], line: [], sentence: [], word: [] };
  for (let i = Math.min(limit, s.length - 1); i > 0; i--) {
    const c = s[i];
    if (c === '\n') candidates[s[i - 1] === '\n' ? 'paragraph' : 'line'].push(s[i - 1] === '\n' ? i - 1 : i);
    else if (c === ' ' || c === '\t') candidates[ENDS_SENTENCE.test(s.slice(Math.max(0, i - 40), i)) ? 'sentence' : 'word'].push(i);
  }
  const kinds: Kind[] = ['paragraph', 'line', 'sentence', 'word'];
  let best: { at: number; kind: Kind } | undefined;
  for (const kind of kinds) {
    const at = candidates[kind].find((i) => valid(i, kind));
    if (at === undefined) continue;
    if (at >= limit / 2) return { at, kind };
    if (!best || at > best.at) best = { at, kind };
  }
  if (best) return best;
  // No whitespace at all: cut hard, but not inside a marker, an escape or a surrogate pair.
  let at = limit;
  while (at > 1 && (insideMarker(at) || s[at - 1] === '\\' || /[\uD800-\uDBFF]/.test(s[at - 1] ?? ''))) at--;
  return { at, kind: 'hard' };
}
