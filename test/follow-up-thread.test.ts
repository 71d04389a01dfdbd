// The thread follow-up line, end to end on Discord: the bot started like `npm start`
// against the loopback fake; a question by @mention opens a thread, a follow-up is asked there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { body, channelPost, startHarness, user, type Harness } from './discord-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  expect(await h.close()).toBe(0);
});

describe('follow-ups in a Discord thread (shipped article)', () => {
  it('a bare kind noun after a where-question answers from the paragraph naming one, with its answer phrase first in bold', async () => {
    const { fake } = h;
    const author = user('noor');
    const asked = fake.sendMessage(fake.build.message({ content: 'Where were the talks held?', mentionBot: true, author }));
    const threadId = asked.id;
    const first = String(body(await fake.waitForRequest(channelPost(threadId))).content);
    expect(first).toMatch(/^\*\*Kuala Lumpur\*\* — /);
    expect(first).toContain('[¶1]');

    const mark = fake.mark().requests;
    fake.sendMessage(fake.build.message({ content: 'Which building?', channelId: threadId, author }));
    const followUp = String(body(await fake.waitForRequest(channelPost(threadId), 5000, mark)).content);
    expect(followUp).toMatch(/^\*\*Merdeka 118\*\* — /);
    expect(followUp).toContain('**[¶4]**');
    expect(followUp).not.toContain('[¶1]');
  });
});
