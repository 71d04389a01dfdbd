import { ownValue } from '../domain/records.js';

/**
 * Typo correction against the corpus's own words: "comerce" → "commerce" when the corpus has
 * "commerce" and not "comerce". Only words of 5+ letters are corrected, by one edit (two from
 * 8 letters), so short words and real words of the question are left alone.
 */
export function editDistanceAtMost(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  // Optimal string alignment distance (Damerau: a swap of neighbours is one edit).
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return false;
  }
  return d[a.length]![b.length]! <= max;
}

/** The corpus word a misspelled word most likely meant, or undefined. */
export function correctWord(word: string, forms: Record<string, string>, df: Record<string, number>): string | undefined {
  if (word.length < 5 || !/^\p{L}+$/u.test(word)) return undefined;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDf = 0;
  for (const [stem, form] of Object.entries(forms)) {
    if (Math.abs(form.length - word.length) > max) continue;
    const n = ownValue(df, stem) ?? 0;
    if (editDistanceAtMost(word, form, max) && n > bestDf) {
      best = form;
      bestDf = n;
    }
  }
  return best;
}

/**
 * Replaces likely typos in a question by the corpus word they resemble. A word is a candidate
 * only when the corpus lacks it and it is not a common English word (`isCommonWord`).
 */
export function correctQuestion(
  question: string,
  stats: { forms: Record<string, string>; df: Record<string, number> },
  stemOf: (word: string) => string,
  isCommonWord: (word: string) => boolean,
): string {
  return question.replace(/\p{L}{5,}/gu, (word) => {
    const lower = word.toLowerCase();
    if (stats.df[stemOf(lower)] || isCommonWord(lower)) return word;
    return correctWord(lower, stats.forms, stats.df) ?? word;
  });
}
