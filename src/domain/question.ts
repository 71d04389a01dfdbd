import { UserError } from './errors.js';

// Discord user/role/channel mentions and mass pings: never part of what is asked.
const MENTIONS = /<@[!&]?\d+>|<#\d+>|@everyone|@here/g;
// Zero-width, bidi-override and other invisible or control characters.
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;

// Markdown masked links "[text](url)": the text is the question's words, the URL is not.
const MASKED_LINK = /\[([^\]]*)\]\(\s*<?[^)\s]*>?(?:\s+"[^"]*")?\s*\)/g;

/** Cleans a question for retrieval: no mentions, masked links or invisible characters, single spaces. */
export function normalizeQuestion(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(MENTIONS, ' ').replace(MASKED_LINK, '$1').replace(/\s+/g, ' ').trim();
}

/** Length as people count it: code points, so an emoji is one character, not two. */
const charCount = (s: string) => [...s].length;

/** Normalises and validates; throws a UserError that says exactly what is wrong. */
export function validateQuestion(raw: unknown, maxChars: number): string {
  if (typeof raw !== 'string') throw new UserError('A question must be text.');
  // Checked before normalising so a huge input costs nothing.
  if (raw.length > maxChars * 4) {
    throw new UserError(`That question is too long: questions are limited to ${maxChars} characters (yours has ${charCount(raw)}).`);
  }
  const question = normalizeQuestion(raw);
  if (question === '') throw new UserError('Ask a question: the text is empty.');
  if (!/[\p{L}\p{N}]/u.test(question)) throw new UserError('Ask a question in words: this one has no letters or digits.');
  if (charCount(question) > maxChars) {
    throw new UserError(`That question is too long: questions are limited to ${maxChars} characters (yours has ${charCount(question)}).`);
  }
  return question;
}
