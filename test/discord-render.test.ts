// Pure rendering for Discord: markdown escaping, splitting within limits, answers/summaries/paragraphs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, modelMarkdown } from '../src/adapters/discord/markdown.js';
import { answerContent, paragraphContent, streamingContent, summaryContent, toMessages } from '../src/adapters/discord/render.js';
import { splitContent } from '../src/adapters/discord/split.js';
import type { AskResult, Citation } from '../src/domain/types.js';

const DOC = 'us-china-trade-talks';
const MARKER = /\[(?:[\w.-]+ )?¶\d+\]/g;

function result(over: Partial<AskResult> = {}): AskResult {
  return {
    question: 'q',
    answer: 'Scott Bessent is the Treasury Secretary. [¶4]',
    short_answer: null,
    answerable: true,
    citations: [{ doc: DOC, paragraph: 4, quote: 'U.S. Treasury Secretary Scott Bessent.' }],
    related: [],
    retrieved: [],
    mode: 'extractive',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    ...over,
  };
}

/** Discord's unescaping, for checking what people will read. */
const shown = (s: string) => s.replace(/\\(.)/g, '$1').replace(/\u200b/g, '');

describe('escapeMarkdown', () => {
  it('neutralises masked links, mentions, mass pings, timestamps and formatting', () => {
    const hostile =
      '[click](https://evil.example) <@123456789012345678> <@&1234> <#1234> @everyone @here <t:1:R> **bold** __u__ ~~s~~ `code` ||spoiler||';
    const out = escapeMarkdown(hostile);
    expect(out).not.toMatch(/(?<!\\)\[click(?<!\\)\]/);
    expect(out).toContain('\\[click\\]\\(https://evil.example\\)');
    expect(out).toContain('\\<@123456789012345678\\>');
    expect(out).not.toMatch(/@everyone|@here/);
    expect(out).not.toMatch(/(?<!\\)\*\*|(?<!\\)`|(?<!\\)\|\|/);
    expect(shown(out)).toBe(hostile);
  });

  it('keeps citation markers literal but escapes a link smuggled after one', () => {
    expect(escapeMarkdown('Fact [¶4](https://evil.example) and [doc-a ¶2].')).toBe('Fact [¶4]\\(https://evil.example\\) and [doc-a ¶2].');
  });

  it('escapes block syntax at line starts only', () => {
    expect(escapeMarkdown('# Title\n-# small\n> quote\n- item\n1. first\nmid # - > 1. text')).toBe(
      '\\# Title\n\\-# small\n\\> quote\n\\- item\n1\\. first\nmid # - \\> 1. text',
    );
  });

  it('never lets text start a mention or link, whatever it is (property)', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            '[',
            ']',
            '(',
            ')',
            '<',
            '>',
            '@',
            '#',
            'a',
            ' ',
            '\n',
            '*',
            '_',
            '`',
            '|',
            '\\',
            'e',
            'v',
            'r',
            'y',
            'o',
            'n',
            'h',
          ),
          maxLength: 60,
        }),
        (s) => {
          const out = escapeMarkdown(s);
          expect(out).not.toMatch(/(?<!\\)(?:\\\\)*<[@#]/);
          expect(out).not.toMatch(/(?<!\\)(?:\\\\)*\]\(/);
          expect(out).not.toMatch(/@(everyone|here)/);
          expect(shown(out)).toBe(s.replace(/@(everyone|here)/g, '@$1'));
        },
      ),
    );
  });
});

describe('splitContent', () => {
  it('returns short text as one part', () => {
    expect(splitContent('hello')).toEqual(['hello']);
  });

  it('splits on paragraph boundaries first', () => {
    const a = 'A'.repeat(1200);
    const b = 'B'.repeat(1200);
    expect(splitContent(`${a}\n\n${b}`)).toEqual([a, b]);
  });

  it('keeps a sentence and its [¶N] marker together, and a marker with its quote', () => {
    const sentence = (n: number) => `Sentence number ${n} says something long enough to matter here. [¶${(n % 9) + 1}]`;
    const text = Array.from({ length: 80 }, (_, i) => sentence(i)).join(' ');
    const parts = splitContent(text, 500);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(500);
      expect(p).toMatch(/\[¶\d\]$/); // every part ends right after a marker
      expect(p).not.toMatch(/^\[¶/);
    }
  });

  it('a long sources line is cut inside the quote, never between marker and quote, and stays a block quote', () => {
    const line = `> **[¶4]** “${'word '.repeat(150).trim()}”`;
    const parts = splitContent(`Answer. [¶4]\n\n**Sources**\n${line}`, 300);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(300);
    const withMarker = parts.find((p) => p.includes('**[¶4]**'))!;
    expect(withMarker).toMatch(/\*\*\[¶4\]\*\* “word/);
    expect(parts.slice(parts.indexOf(withMarker) + 1).every((p) => p.startsWith('> '))).toBe(true);
  });

  it('cuts text without spaces hard, never inside a marker or an escape', () => {
    const parts = splitContent(`${'x'.repeat(97)}[¶12]${'\\*'.repeat(100)}`, 100);
    expect(parts[0]).toBe('x'.repeat(97));
    expect(parts[1]!.startsWith('[¶12]')).toBe(true);
    for (const p of parts) expect(p.endsWith('\\') && !p.endsWith('\\\\')).toBe(false);
  });

  it('property: parts fit, markers survive whole, and no text is lost', () => {
    const word = fc.oneof(
      fc.constantFrom('alpha', 'beta.', 'gamma,', '[¶3]', '[doc-a ¶12]', '\n', '\n\n', '> **[¶7]** “q', 'quote”'),
      fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/\s/g, 'x')),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 400 }), fc.integer({ min: 40, max: 400 }), (words, limit) => {
        const text = words.join(' ');
        const parts = splitContent(text, limit);
        for (const p of parts) expect(p.length).toBeLessThanOrEqual(limit);
        const squash = (s: string) => s.replace(/\s+|^> |\n> /g, '');
        expect(squash(parts.join(' ')).replace(/>/g, '')).toBe(squash(text.trim()).replace(/>/g, ''));
        const markers = (s: string) => s.match(MARKER) ?? [];
        expect(parts.flatMap(markers)).toEqual(markers(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('answerContent', () => {
  it('shows the answer with markers, then each cited paragraph with its quote', () => {
    const content = answerContent(result(), { multiDoc: false });
    expect(content).toBe(
      'Scott Bessent is the Treasury Secretary. [¶4]\n\n**Sources**\n> **[¶4]** “U.S. Treasury Secretary Scott Bessent.”',
    );
  });

  it('groups quotes per paragraph and names documents when there are several', () => {
    const citations: Citation[] = [
      { doc: 'a', paragraph: 2, quote: 'One.' },
      { doc: 'b', paragraph: 2, quote: 'Two.' },
      { doc: 'a', paragraph: 2, quote: 'Three.' },
      { doc: 'a', paragraph: 2, quote: 'One.' },
    ];
    const content = answerContent(result({ answer: 'x [a ¶2] [b ¶2]', citations }), { multiDoc: true });
    expect(content.split('\n').slice(3)).toEqual(['> **[a ¶2]** “One.” … “Three.”', '> **[b ¶2]** “Two.”']);
  });

  it('a decline says so and lists related paragraphs with how to read one', () => {
    const content = answerContent(
      result({
        answer: "The article doesn't say.",
        answerable: false,
        citations: [],
        related: [
          { doc: DOC, paragraph: 5 },
          { doc: DOC, paragraph: 1 },
        ],
      }),
      { multiDoc: false },
    );
    expect(content).toBe("The article doesn't say.\n\nRelated paragraphs: ¶5, ¶1 — `/source paragraph:5` shows one in full.");
  });

  it('renders the note (e.g. the model was unavailable) as subtext', () => {
    const content = answerContent(result({ note: 'The language model was unavailable, so this is the extractive answer.' }), {
      multiDoc: false,
    });
    expect(content.split('\n').at(-1)).toBe('-# Note: The language model was unavailable, so this is the extractive answer.');
  });

  it('a quote cannot inject a masked link, a mention or break out of its block quote', () => {
    const content = answerContent(
      result({ citations: [{ doc: DOC, paragraph: 4, quote: 'See [here](https://evil.example) <@123456789012345678>\n# @everyone' }] }),
      { multiDoc: false },
    );
    const line = content.split('\n').at(-1)!;
    expect(line).toBe('> **[¶4]** “See \\[here\\]\\(https://evil.example\\) \\<@123456789012345678\\> # @\u200beveryone”');
  });

  it('many long citations split into messages within 2,000 characters, buttons on the last only', () => {
    const citations = Array.from({ length: 30 }, (_, i) => ({
      doc: DOC,
      paragraph: i + 1,
      quote: `${'Long quoted sentence '.repeat(8)}${i}.`,
    }));
    const answer = citations.map((c) => `Claim ${c.paragraph} is supported. [¶${c.paragraph}]`).join(' ');
    const components = [{ type: 1, components: [] }] as never;
    const messages = toMessages(answerContent(result({ answer, citations }), { multiDoc: false }), components);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(m.content.length).toBeLessThanOrEqual(2000);
    expect(messages.map((m) => m.components)).toEqual([...messages.slice(1).map(() => undefined), components]);
    const lines = messages.flatMap((m) => m.content.split('\n')).filter((l) => l.startsWith('> **[¶'));
    expect(lines).toHaveLength(30);
    for (const l of lines) expect(l).toMatch(/^> \*\*\[¶\d+\]\*\* “Long quoted sentence .*\.”$/);
  });
});

describe('other replies', () => {
  it('summary points each end with their markers', () => {
    const content = summaryContent(
      {
        doc: DOC,
        title: 'Talks *end*',
        mode: 'extractive',
        points: [
          {
            text: 'They met.',
            citations: [
              { doc: DOC, paragraph: 1, quote: 'q' },
              { doc: DOC, paragraph: 2, quote: 'r' },
            ],
          },
        ],
      },
      { multiDoc: false },
    );
    expect(content).toBe('**Summary of “Talks \\*end\\*”**\n• They met. [¶1][¶2]');
  });

  it('a paragraph is shown in full with its title and sections', () => {
    const content = paragraphContent(
      { doc: DOC, n: 5, text: 'About the talks: <@1> said _so_.', sections: ['TALKING POINTS'], sentences: [] },
      'Title',
    );
    expect(content).toBe('**Title — ¶5** (TALKING POINTS)\nAbout the talks: \\<@1\\> said \\_so\\_.');
  });

  it('a streaming preview fits one message and shows a cursor', () => {
    expect(streamingContent('Partial [¶2] answer')).toBe('Partial [¶2] answer ▍');
    const long = streamingContent('x'.repeat(5000));
    expect(long.length).toBeLessThanOrEqual(2000);
    expect(long.endsWith(' …')).toBe(true);
  });
});

describe("generated answers keep the model's Markdown", () => {
  it('keeps bold, italics, lists and code; headings become bold', () => {
    const text = '## Fee increase\n\n- **100%** on freight fees [¶3]\n- starts *March 1* [¶3]\n\n`fees` and\n```\nrota\n```';
    expect(modelMarkdown(text)).toBe(
      '**Fee increase**\n\n- **100%** on freight fees [¶3]\n- starts *March 1* [¶3]\n\n`fees` and\n```\nrota\n```',
    );
  });

  it('neutralises mentions, masked links, mass pings and subtext', () => {
    const text = 'Ask <@123456789012345678> or <@&42> in <#99>, see [the notice](https://evil.example) @everyone\n-# tiny';
    expect(modelMarkdown(text)).toBe('Ask \\<@123456789012345678> or \\<@&42> in \\<#99>, see the notice @\u200beveryone\ntiny');
  });

  it('an LLM answer is rendered with its Markdown; an extractive one is escaped', () => {
    const llm = answerContent(result({ mode: 'llm', answer: 'Okonkwo threatened a **100%** increase [¶4].' }), { multiDoc: false });
    expect(llm.split('\n')[0]).toBe('Okonkwo threatened a **100%** increase [¶4].');
    const quoted = answerContent(result({ answer: 'A *starred* quote. [¶4]' }), { multiDoc: false });
    expect(quoted.split('\n')[0]).toBe('A \\*starred\\* quote. [¶4]');
  });

  it('an LLM summary shows one marker per point, through the same path as answers', () => {
    const content = summaryContent(
      {
        doc: DOC,
        title: 'Strike',
        mode: 'llm',
        points: [{ text: 'Crews walked out on **Saturday**.', citations: [{ doc: DOC, paragraph: 1, quote: 'q' }] }],
      },
      { multiDoc: false },
    );
    expect(content).toBe('**Summary of “Strike”**\n• Crews walked out on **Saturday**. [¶1]');
    expect(content.match(/\[¶1\]/g)).toHaveLength(1);
  });

  it('a code block cut between messages is closed and reopened', () => {
    const text = `Intro [¶1]\n\n\`\`\`\n${'line of code\n'.repeat(30)}\`\`\``;
    const parts = splitContent(text, 200);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(200);
      expect((p.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });
});
