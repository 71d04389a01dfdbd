import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';

export type Vote = 'up' | 'down';

// Custom ids hold 100 characters: they carry only the short answer id; what a button is about
// (question, answer, citations) is looked up in the answer store.
const FEEDBACK_ID = /^fb:(up|down):([\w-]{1,64})$/;
const SOURCES_ID = /^src:([\w-]{1,64})$/;

/** 👍/👎 and "Show sources" under an answer. */
export function feedbackRow(answerId: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: `fb:up:${answerId}`, emoji: { name: '👍' }, label: 'Helpful' },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: `fb:down:${answerId}`,
        emoji: { name: '👎' },
        label: 'Not helpful',
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: `src:${answerId}`,
        emoji: { name: '📄' },
        label: 'Show sources',
      },
    ],
  };
}

export function parseFeedbackId(customId: string): { vote: Vote; answerId: string } | null {
  const m = FEEDBACK_ID.exec(customId);
  return m ? { vote: m[1] as Vote, answerId: m[2]! } : null;
}

/** What a click on one of our buttons asks for, or null for a button we do not know. */
export function parseButtonId(customId: string): { action: Vote | 'sources'; answerId: string } | null {
  const vote = parseFeedbackId(customId);
  if (vote) return { action: vote.vote, answerId: vote.answerId };
  const m = SOURCES_ID.exec(customId);
  return m ? { action: 'sources', answerId: m[1]! } : null;
}

/** Every `custom_id` in a message's components (API JSON), in order. */
export function customIdsIn(components: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.custom_id === 'string') out.push(o.custom_id);
      walk(o.components);
      walk(o.accessory);
    }
  };
  walk(components);
  return out;
}

/** The answer id a message's buttons refer to, if it has ours. */
export function answerIdIn(customIds: string[]): string | undefined {
  for (const id of customIds) {
    const parsed = parseButtonId(id);
    if (parsed) return parsed.answerId;
  }
  return undefined;
}
