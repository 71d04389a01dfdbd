import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';

export type Vote = 'up' | 'down';

const PREFIX = 'fb';
const CUSTOM_ID = /^fb:(up|down):([\w-]{1,64})$/;

/**
 * 👍/👎 under an answer. The custom id carries only a short answer id; what the vote is about
 * (question, answer, citations) is looked up in the answer log, since custom ids hold 100 chars.
 */
export function feedbackRow(answerId: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: `${PREFIX}:up:${answerId}`,
        emoji: { name: '👍' },
        label: 'Helpful',
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        custom_id: `${PREFIX}:down:${answerId}`,
        emoji: { name: '👎' },
        label: 'Not helpful',
      },
    ],
  };
}

export function parseFeedbackId(customId: string): { vote: Vote; answerId: string } | null {
  const m = CUSTOM_ID.exec(customId);
  return m ? { vote: m[1] as Vote, answerId: m[2]! } : null;
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

/** The answer id a message's feedback buttons refer to, if it has them. */
export function answerIdIn(customIds: string[]): string | undefined {
  for (const id of customIds) {
    const parsed = parseFeedbackId(id);
    if (parsed) return parsed.answerId;
  }
  return undefined;
}
