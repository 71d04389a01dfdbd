import { readFile } from 'node:fs/promises';

/** The parsed lines of a JSONL file ([] when it does not exist); unparseable lines are skipped. */
export async function readJsonl(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const out: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // A torn last line after a crash: the rest of the log is still good.
    }
  }
  return out;
}
