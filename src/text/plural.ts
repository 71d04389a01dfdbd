/** "1 case", "3 cases": a count with its English noun. Nouns with other plural forms pass `many`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
