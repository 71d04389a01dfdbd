/**
 * Discord Markdown for two kinds of text. Text we did not write and that is not meant to be
 * formatted (article quotes, questions echoed back, extractive answers) is escaped: nothing in it
 * may format, link, mention or ping. A generated answer keeps the model's Markdown (bold,
 * italics, lists, code), because models write it on purpose; only what could ping, pretend to
 * be a link or shout in a heading is neutralised.
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

// User, role and channel mentions, slash-command mentions: shown as text, never as a ping or a link.
const MENTION = /<(?=[@#]|\/[\w -]+:\d+>)/g;
// `[text](url)`, `[text](<url>)`: the text stays, the destination goes (it could point anywhere).
const MASKED_LINK = /\[([^\]\n]*)\]\(\s*<?[^)\s>]*>?(?:\s+"[^"]*")?\s*\)/g;
const HEADING = /^([ \t]*)#{1,6}[ \t]+(.+?)[ \t#]*$/gm;
const SUBTEXT = /^([ \t]*)-#[ \t]+/gm;
// Code spans and fenced blocks: Discord shows them literally, so they are left alone.
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

function neutraliseProse(text: string): string {
  return text
    .replace(MASKED_LINK, '$1')
    .replace(MENTION, '\\<')
    .replace(MASS_MENTION, '@\u200b$1')
    .replace(HEADING, (_all, indent: string, title: string) => `${indent}**${title.replace(/\*\*/g, '')}**`)
    .replace(SUBTEXT, '$1');
}

/**
 * A generated answer for Discord: the model's bold, italics, lists and code stay; headings
 * become bold lines; masked links keep only their text; mentions and mass pings are neutralised.
 */
export function modelMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(CODE)) {
    out += neutraliseProse(text.slice(last, m.index)) + m[0].replace(MASS_MENTION, '@\u200b$1');
    last = m.index + m[0].length;
  }
  return out + neutraliseProse(text.slice(last));
}

/** One line of text: newlines inside a quote would end the block quote it is shown in. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
