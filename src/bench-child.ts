// `node dist/bench-child.js <task> '<json args>'`: one bench measurement in a fresh process
// (src/bench/child-tasks.ts), configured by its environment like the app. Prints one JSON line.
import { TASKS } from './bench/child-tasks.js';

const [task, json] = process.argv.slice(2);
const run = task ? TASKS[task] : undefined;
if (!run) {
  process.stderr.write(`usage: bench-child <${Object.keys(TASKS).join('|')}> '<json args>'\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await run(JSON.parse(json ?? '{}') as never, process.env))}\n`);
}
