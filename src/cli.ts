#!/usr/bin/env node
// `footnote <command>`: the package's bin. The only place (with main.ts) that reads process.env.
import 'dotenv/config';
import { actions } from './cli/actions/index.js';
import { createProgram } from './cli/program.js';

// A reader that stops early (`footnote ask --questions q.jsonl | head -1`) closes the pipe: stop
// quietly, as other command-line tools do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await createProgram(actions).run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  stderrIsTTY: Boolean(process.stderr.isTTY),
  env: process.env,
});
