/**
 * Reasoning blocks in model replies. Pure.
 *
 * Reasoning models (DeepSeek-R1, Qwen3, QwQ and their distillations, served by Ollama, vLLM or
 * llama.cpp) put their thinking inside `<think>…</think>` (some use `<thinking>` or
 * `<reasoning>`). Three shapes occur: a closed block before the answer; a block that is never
 * closed (the reply was cut off while thinking: there is no answer); and a reply that *starts*
 * inside the block because the chat template already opened it, so only `</think>` appears.
 * None of it is ever shown, checked or streamed.
 */

const TAGS = 'think|thinking|reasoning';
const CLOSED_BLOCK = new RegExp(String.raw`<(${TAGS})>[\s\S]*?</\1>`, 'gi');
const OPENING = new RegExp(String.raw`<(?:${TAGS})>`, 'i');
const CLOSING = new RegExp(String.raw`</(?:${TAGS})>`, 'gi');
// The unfinished start of a tag at the very end of a streamed draft: "<", "<thi", "</thin".
const PARTIAL_TAG_AT_END = new RegExp(
  String.raw`</?(?:${TAGS.split('|')
    .map((t) => [...t].map((_, i) => t.slice(0, i + 1)).join('|'))
    .join('|')})?$`,
  'i',
);

export interface WithoutReasoning {
  text: string;
  /** The reply had a reasoning block (closed or not). */
  reasoned: boolean;
  /** A block was opened and never closed: whatever followed was thinking, not an answer. */
  unclosed: boolean;
}

/** The reply without its reasoning. */
export function stripReasoning(reply: string): WithoutReasoning {
  let text = reply;
  let reasoned = false;
  // A closing tag before any opening one: the template opened the block; all before it is thinking.
  const firstClose = text.search(CLOSING);
  const firstOpen = text.search(OPENING);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
    text = text.slice(firstClose).replace(/^<\/[a-z]+>/i, '');
    reasoned = true;
  }
  const closed = text.replace(CLOSED_BLOCK, '');
  reasoned ||= closed !== text;
  text = closed;
  const open = text.search(OPENING);
  const unclosed = open >= 0;
  if (unclosed) text = text.slice(0, open);
  // Stray closing tags (a block closed twice) carry nothing.
  text = text.replace(CLOSING, '');
  return { text: text.trim(), reasoned: reasoned || unclosed, unclosed };
}

/**
 * What of a streamed draft may be shown now: the text after any reasoning, never the inside of
 * a block that is still open, nor a tag that is still arriving.
 */
export function visibleSoFar(draft: string): string {
  const trimmed = draft.trimStart();
  if (trimmed !== '' && PARTIAL_TAG_AT_END.test(trimmed) && trimmed.length <= '<reasoning>'.length) return '';
  const { text, unclosed } = stripReasoning(draft);
  if (unclosed) return text;
  return text.replace(PARTIAL_TAG_AT_END, '').trimEnd();
}
