import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the package is and how to start one of its entry files in a child process. Compiled
 * (dist/, `npm start`, the `footnote` bin) this module is JavaScript and children run the
 * compiled entries with plain node; from source (`npm run dev`, vitest) they run the TypeScript
 * through tsx. dist/ mirrors src/, so paths relative to this file hold in both.
 */
export const COMPILED = import.meta.url.endsWith('.js');

/** The package root (where package.json, corpus/ and prompts/ are). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The compiled program, whatever runs this module (the bench measures what users start). */
export const COMPILED_CLI = path.join(PACKAGE_ROOT, 'dist', 'cli.js');

/** `node ARGS` that runs an entry file (`main`, `cli`, `bench-child`) the way this process runs. */
export function entryArgs(entry: string): string[] {
  return COMPILED ? [path.join(PACKAGE_ROOT, 'dist', `${entry}.js`)] : ['--import', 'tsx', path.join(PACKAGE_ROOT, 'src', `${entry}.ts`)];
}
