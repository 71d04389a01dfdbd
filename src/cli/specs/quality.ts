import { arg, type CommandSpec } from '../spec.js';

export type QualityOptions = Record<string, never>;

export const quality: CommandSpec<QualityOptions> = {
  name: 'quality',
  summary: 'answer every benchmark in bench/quality: footnote beside the plain BM25 baseline (README "Measured quality")',
  synopsis: [''],
  details: 'Prints the quality table (Markdown) to stdout, progress to stderr. Uses its own in-memory indexes, so it takes no --corpus.',
  options: {},
  parse(args) {
    arg.noPositionals(args, 'quality');
    return {};
  },
};
