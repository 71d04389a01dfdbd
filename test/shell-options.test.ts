// The shell maps the words after a command to the command's Discord options.
import { describe, expect, it } from 'vitest';
import { parseShellLine, shellOptions } from '../src/adapters/shell/parse-line.js';
import { createAskCommand } from '../src/commands/ask.js';
import { createHelpCommand } from '../src/commands/help.js';
import { sourceCommand } from '../src/commands/source.js';
import { summaryCommand } from '../src/commands/summary.js';

const askCommand = createAskCommand(500);
const helpCommand = createHelpCommand(() => []);

describe('shellOptions', () => {
  it('gives a leading free-text option the whole line', () => {
    expect(shellOptions(askCommand, 'who restored the mill tower?')).toEqual({ question: 'who restored the mill tower?' });
  });

  it('takes a choice word for /summary, and the next word as the document', () => {
    expect(shellOptions(summaryCommand, 'short')).toEqual({ length: 'short' });
    expect(shellOptions(summaryCommand, 'short mill-report')).toEqual({ length: 'short', doc: 'mill-report' });
  });

  it('names the document without a length: a word that is no choice goes to the next option', () => {
    expect(shellOptions(summaryCommand, 'mill-report')).toEqual({ doc: 'mill-report' });
    expect(shellOptions(summaryCommand, '')).toEqual({});
  });

  it('refuses words no option takes, naming the usage, instead of dropping them', () => {
    expect(() => shellOptions(summaryCommand, 'short mill-report extra')).toThrow(
      'Unexpected "extra" (usage: /summary [short|medium|long] [doc]).',
    );
    expect(() => shellOptions(helpCommand, 'me')).toThrow('Unexpected "me" (usage: /help).');
  });

  it('reads numbers and reports one that is not', () => {
    expect(shellOptions(sourceCommand, '3 mill-report')).toEqual({ paragraph: 3, doc: 'mill-report' });
    expect(() => shellOptions(sourceCommand, 'three')).toThrow(/must be a number/);
  });

  it('classifies lines', () => {
    expect(parseShellLine('  ')).toEqual({ kind: 'empty' });
    expect(parseShellLine('/QUIT')).toEqual({ kind: 'quit' });
    expect(parseShellLine('/summary short')).toEqual({ kind: 'command', name: 'summary', rest: 'short' });
    expect(parseShellLine('what happened?')).toEqual({ kind: 'question', text: 'what happened?' });
  });
});
