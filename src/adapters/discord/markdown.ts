/**
 * Discord markdown escaping for text we did not write (article quotes, generated answers,
 * questions echoed in declines): nothing in it may format, link, mention or ping.
 */

import { CANONICAL_MARKER_SOURCE } from '../../text/markers.js';

/** Citation markers as answers write them: `[¶4]`, or `[doc-id ¶4]` with several documents. */
export const MARKER_SOURCE = CANONICAL_MARKER_SOURCE;
const MARKER = new RegExp(MARKER_SOURCE, 'g');

// Brackets and parentheses (masked links `[text](url)`), angle brackets (mentions `<@id>`,
// channels, timestamps, custom emoji, `<url>`) and the inline formatting characters.
const INLINE = /[\\*_~`|[\]()<>]/g;
// Block syntax only counts at the start of a line: headings, subtext (-#), quotes, lists.
const LINE_START = /^([ \t]*)([#>+-]|\d+(?=\.\s))/gm;
const MASS_MENTION = /@(everyone|here)/g;

function escapePlain(text: string): string {
  return text.replace(INLINE, '\\$&').replace(MASS_MENTION, '@\u200b$1');
}

/**
 * Escapes `text` for Discord, keeping citation markers literal so they stay readable and
 * countable (`[¶4]` cannot become a link once whatever follows it is escaped).
 */
export function escapeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    out += escapePlain(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  out += escapePlain(text.slice(last));
  return out.replace(LINE_START, (_all, indent: string, mark: string) => (/^\d/.test(mark) ? `${indent}${mark}\\` : `${indent}\\${mark}`));
}

/** One line of text: newlines inside a quote would end the block quote it is shown in. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
