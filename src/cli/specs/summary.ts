import { UserError } from '../../domain/errors.js';
import { arg, type CommandSpec } from '../spec.js';

const LENGTHS = ['short', 'medium', 'long'] as const;

export interface SummaryOptions {
  length: (typeof LENGTHS)[number];
  doc?: string;
  json: boolean;
}

export const summary: CommandSpec<SummaryOptions> = {
  name: 'summary',
  summary: 'key points of the article, each cited',
  synopsis: ['[--length short|medium|long] [--doc ID] [--json]'],
  options: {
    length: { type: 'string', value: 'LEN', help: 'short (3 points), medium (5, default) or long (8)' },
    doc: { type: 'string', value: 'ID', help: 'which document, when the corpus has several' },
    json: { type: 'boolean', help: 'print the summary as JSON' },
  },
  dirs: { corpus: true, index: true },
  parse(args) {
    arg.noPositionals(args, 'summary');
    const length = arg.string(args, 'length') ?? 'medium';
    if (!(LENGTHS as readonly string[]).includes(length)) throw new UserError('--length must be short, medium or long.');
    const doc = arg.string(args, 'doc');
    return { length: length as SummaryOptions['length'], ...(doc === undefined ? {} : { doc }), json: arg.flag(args, 'json') };
  },
};
