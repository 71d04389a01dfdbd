import { describe, expect, it } from 'vitest';
import { caseSchema, parseCases } from '../src/eval/cases.js';
import { exportFeedbackAsCases, parseFeedbackJsonl, renderDraftsJsonl } from '../src/eval/feedback-export.js';

const cite = (paragraph: number) => ({ doc: 'us-china-trade-talks', paragraph, quote: 'q' });
const RECORDS = [
  {
    time: '2025-10-26T10:00:00Z',
    userId: 'u1',
    question: 'Who is Bessent?',
    answer: 'Treasury Secretary (¶4).',
    citations: [cite(4)],
    vote: 'up' as const,
  },
  {
    time: '2025-10-26T11:00:00Z',
    userId: 'u2',
    question: 'When does the truce expire?',
    answer: 'November 1.',
    citations: [cite(3), cite(3)],
    vote: 'down' as const,
    messageId: 'm1',
  },
  {
    time: '2025-10-26T12:00:00Z',
    userId: 'u3',
    question: 'who is bessent',
    answer: 'Scott Bessent.',
    citations: [cite(4), cite(9)],
    vote: 'up' as const,
  },
  {
    time: '2025-10-26T13:00:00Z',
    userId: 'u4',
    question: 'Who won the World Cup?',
    answer: 'The article does not say.',
    citations: [],
    vote: 'down' as const,
    answerable: false,
  },
];

describe('exportFeedbackAsCases', () => {
  it('turns votes into draft cases: one per question, down-votes tagged needs-review, cited paragraphs as proposed gold', () => {
    const drafts = exportFeedbackAsCases(RECORDS);
    expect(drafts.map((d) => [d.question, d.tags])).toEqual([
      ['When does the truce expire?', ['feedback', 'needs-review']],
      ['Who won the World Cup?', ['feedback', 'needs-review']],
      ['who is bessent', ['feedback', 'upvoted']],
    ]);
    expect(drafts[0]).toMatchObject({ answerable: true, expected: [], citations: [3], doc: 'us-china-trade-talks' });
    expect(drafts[0]?.notes).toMatch(/0 up, 1 down; .*answer under review: November 1\./);
    expect(drafts[0]).not.toHaveProperty('reference_answer');
    expect(drafts[1]).toMatchObject({ answerable: false, citations: [] });
    expect(drafts[2]).toMatchObject({
      citations: [4, 9],
      reference_answer: 'Scott Bessent.',
      notes: expect.stringMatching(/^2 up, 0 down/),
    });
    expect(JSON.stringify(drafts)).not.toMatch(/u1|u2|u3|u4|userId|messageId/);
  });

  it('produces stable ids and drafts that are valid question-set lines', () => {
    const drafts = exportFeedbackAsCases(RECORDS);
    expect(
      exportFeedbackAsCases([...RECORDS].reverse())
        .map((d) => d.id)
        .sort(),
    ).toEqual(drafts.map((d) => d.id).sort());
    for (const d of drafts) expect(caseSchema.safeParse(d).success).toBe(true);
    const parsed = parseCases(renderDraftsJsonl(drafts), 'jsonl');
    expect(parsed.errors).toEqual([]);
    expect(parsed.cases).toHaveLength(3);
  });

  it('parses the feedback log line by line, reporting bad records', () => {
    const log = [
      JSON.stringify(RECORDS[0]),
      'oops',
      JSON.stringify({ ...RECORDS[1], vote: 'meh' }),
      '',
      JSON.stringify({ ...RECORDS[2], citations: [4, 9] }),
    ].join('\n');
    const { records, errors } = parseFeedbackJsonl(log);
    expect(records).toHaveLength(2);
    expect(errors.map((e) => e.line)).toEqual([2, 3]);
    expect(errors[1]?.message).toMatch(/vote/);
    expect(exportFeedbackAsCases(records)[0]?.citations).toEqual([4, 9]);
    expect(renderDraftsJsonl([])).toBe('');
  });
});
