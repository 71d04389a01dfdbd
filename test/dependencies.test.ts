// package.json says what the code uses, and nothing more: every package the product imports is a
// dependency (an install without devDependencies must run it), every package the tests and tools
// import is declared, and every declared package is used. Imports are read with TypeScript's own
// scanner, so comments and strings that look like imports do not count.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/app.js';

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as PackageJson;
const dependencies = new Set(Object.keys(pkg.dependencies ?? {}));
const devDependencies = new Set(Object.keys(pkg.devDependencies ?? {}));
const CODE = /\.(?:[cm]?[jt]s)$/;

/** Code files under `dir` (relative to the repo), recursively. */
function codeFiles(dir: string): string[] {
  const root = path.join(REPO, dir);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => CODE.test(f))
    .map((f) => path.join(dir, f));
}

/** Config files at the top of the repo (eslint.config.js, vitest.config.ts, …). */
const rootConfigs = readdirSync(REPO, { encoding: 'utf8' }).filter((f) => CODE.test(f));

/** The package a module specifier names, or undefined for our own files and Node's built-ins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

/** Every module a file loads: static, type-only and dynamic imports, require() and require.resolve(). */
export function specifiersIn(text: string): string[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/require\.resolve\(\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

/**
 * Loaders a file starts child processes with (`'--import', 'tsx'`). Only runs from source
 * preload one, and only a checkout with its devDependencies runs from source; the compiled
 * product starts plain node. So a preload counts as a use, never as a product import.
 */
export function preloadsIn(text: string): string[] {
  return [...text.matchAll(/['"]--import['"]\s*,\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** package → the files that use it, for one set of files. */
function packagesUsedBy(files: readonly string[], find = specifiersIn): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of files) {
    for (const spec of find(readFileSync(path.join(REPO, file), 'utf8'))) {
      const name = packageOf(spec);
      if (name) used.set(name, [...(used.get(name) ?? []), file]);
    }
  }
  return used;
}

/** Packages the npm scripts and CI run by command name (`tsc`, `eslint`) or preload (`--import tsx`). */
function packagesRunByScripts(declared: readonly string[]): Set<string> {
  const ci = path.join(REPO, '.ci', 'run');
  const commands = [...Object.values(pkg.scripts ?? {}), existsSync(ci) ? readFileSync(ci, 'utf8') : ''].join('\n');
  const words = new Set(commands.split(/[\s;&|()"']+/));
  const run = new Set<string>();
  for (const m of commands.matchAll(/--import[= ](\S+)/g)) run.add(packageOf(m[1]!) ?? '');
  for (const name of declared) {
    const manifest = path.join(REPO, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
    const bins = typeof bin === 'string' ? [name.replace(/^@[^/]+\//, '')] : Object.keys(bin ?? {});
    if (bins.some((b) => words.has(b))) run.add(name);
  }
  return run;
}

// What ships: the product and the npm scripts an operator runs. Everything else is development.
const shipped = packagesUsedBy([...codeFiles('src'), ...codeFiles('scripts')]);
const preloaded = packagesUsedBy([...codeFiles('src'), ...codeFiles('scripts'), ...codeFiles('test')], preloadsIn);
// Not this file: its own examples below would count as imports.
const development = packagesUsedBy([...codeFiles('test').filter((f) => f !== path.join('test', 'dependencies.test.ts')), ...rootConfigs]);

describe('declared dependencies match imports', () => {
  it('finds imports of every kind, and only packages', () => {
    const text = [
      "import type { A } from 'type-only';",
      "import { b } from '@scope/pkg/sub/path';",
      "const c = await import('dynamic');",
      "const d = require('required'); const e = require.resolve('resolved/package.json');",
      "import { f } from './ours.js'; import { g } from 'node:fs'; import h from 'path';",
      "// import { i } from 'in-a-comment';",
      'const j = "import k from \'in-a-string\'";',
    ].join('\n');
    expect(specifiersIn(text).map(packageOf).filter(Boolean).sort()).toEqual([
      '@scope/pkg',
      'dynamic',
      'required',
      'resolved',
      'type-only',
    ]);
    expect(preloadsIn("spawn(node, ['--import', 'a-loader', 'x.ts']);")).toEqual(['a-loader']);
  });

  it('the product imports only dependencies (not devDependencies, not undeclared ones)', () => {
    const missing = [...shipped].filter(([name]) => !dependencies.has(name)).map(([name, files]) => `${name} (${files[0]})`);
    expect(missing).toEqual([]);
  });

  it('tests and tool configs import only declared packages', () => {
    const missing = [...development]
      .filter(([name]) => !dependencies.has(name) && !devDependencies.has(name))
      .map(([name, files]) => `${name} (${files[0]})`);
    expect(missing).toEqual([]);
  });

  it('every declared package is used: imported, run by a script, or the types of a used one', () => {
    const declared = [...dependencies, ...devDependencies];
    const run = packagesRunByScripts(declared);
    const used = (name: string): boolean => {
      if (shipped.has(name) || development.has(name) || preloaded.has(name) || run.has(name)) return true;
      const typed = /^@types\/(.+)$/.exec(name)?.[1];
      return typed !== undefined && (typed === 'node' || used(typed.includes('__') ? `@${typed.replace('__', '/')}` : typed));
    };
    expect(declared.filter((name) => !used(name))).toEqual([]);
  });

  it('no package is declared twice', () => {
    expect([...dependencies].filter((name) => devDependencies.has(name))).toEqual([]);
  });
});
