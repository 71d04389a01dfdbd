import { arg, type CommandSpec } from '../spec.js';

export type IngestOptions = Record<string, never>;

export const ingest: CommandSpec<IngestOptions> = {
  name: 'ingest',
  summary: '(re)build the index from the corpus and say what it holds',
  synopsis: [''],
  options: {},
  dirs: { corpus: true, index: true },
  parse(args) {
    arg.noPositionals(args, 'ingest');
    return {};
  },
};
