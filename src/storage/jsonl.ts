import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Appends JSON lines to a file, one write at a time and in call order, so concurrent records
 * never interleave. `flush()` waits for the writes queued so far.
 */
export interface JsonlWriter {
  append(value: unknown): Promise<void>;
  /** Replaces the whole file (write a temp file, then rename: never half a file). */
  rewrite(values: unknown[]): Promise<void>;
  flush(): Promise<void>;
}

export function jsonlWriter(file: string): JsonlWriter {
  let chain: Promise<void> = mkdir(path.dirname(file), { recursive: true }).then(() => undefined);
  const enqueue = (op: () => Promise<void>) => {
    const next = chain.then(op);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    append: (value) => enqueue(() => appendFile(file, `${JSON.stringify(value)}\n`, 'utf8')),
    rewrite: (values) =>
      enqueue(async () => {
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, values.map((v) => `${JSON.stringify(v)}\n`).join(''), 'utf8');
        await rename(tmp, file);
      }),
    flush: () => chain,
  };
}

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
