/**
 * Why a file's bytes are not text, worded to follow its name ("notes.md is not a text file").
 * One check for the corpus folder and for uploaded articles, so a file the bot refuses as an
 * upload is never indexed from `corpus/` (and the reverse).
 */
export type NotText = 'is not a text file' | 'is not a text file (it is not valid UTF-8)';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes to text with `decoder` (strict UTF-8 unless told otherwise), or why they are not text.
 * A NUL byte never occurs in text in UTF-8 or any 8-bit charset, but in every ASCII character of
 * UTF-16 and throughout binary files; a Latin-1 file fails strict UTF-8 at its first accented
 * letter. Indexed, either would give "paragraphs" of noise.
 */
export function decodeBytes(bytes: Uint8Array, decoder: { decode(bytes: Uint8Array): string } = UTF8): { text: string } | { notText: NotText } {
  if (bytes.includes(0)) return { notText: 'is not a text file' };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { notText: 'is not a text file (it is not valid UTF-8)' };
  }
}
