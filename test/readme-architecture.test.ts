// The README's layer table is the list .dependency-cruiser.cjs enforces, row for row, and every
// folder and file directly under src/ has its row.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/app.js';

/** LAYERS as the dependency-cruiser config declares it (bottom first). */
function configLayers(): string[][] {
  const source = readFileSync(path.join(REPO, '.dependency-cruiser.cjs'), 'utf8');
  const literal = /const LAYERS = (\[[\s\S]*?\n\]);/.exec(source)?.[1];
  if (!literal) throw new Error('no LAYERS array in .dependency-cruiser.cjs');
  return new Function(`return ${literal}`)() as string[][];
}

/** The README table's rows (top first) as folder names without the trailing slash. */
function readmeLayers(): { level: number; names: string[] }[] {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Architecture'));
  return section
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l))
    .map((l) => {
      const [level, names] = l.split('|').slice(1, 3);
      return { level: Number(level), names: [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\/$/, '')) };
    });
}

describe('README architecture', () => {
  it('has the rows of .dependency-cruiser.cjs, top first, numbered from the bottom', () => {
    const layers = configLayers();
    const rows = readmeLayers();
    expect(rows.map((r) => r.names)).toEqual([...layers].reverse());
    expect(rows.map((r) => r.level)).toEqual(layers.map((_, i) => layers.length - i));
  });

  it('every entry of src/ is on a layer', () => {
    const placed = new Set(configLayers().flat());
    for (const entry of readdirSync(path.join(REPO, 'src'))) expect(placed, entry).toContain(entry);
  });
});
