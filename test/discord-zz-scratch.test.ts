import { it } from 'vitest';
import { body, originalEditOf, startHarness, user } from './discord-harness.js';
it('scratch', async () => {
  const h = await startHarness();
  const { fake } = h;
  for (const q of ['Who is the U.S. Treasury Secretary taking part in the talks?', 'Which city hosted the talks? [x](https://evil.example) <@123456789012345678>', 'What did Trump say about Xi?']) {
    const i = fake.sendInteraction(fake.build.slash({ name: 'ask', options: [{ name: 'question', type: 'string', value: q }], user: user('a' + q.length) }));
    const e = await fake.waitForRequest(originalEditOf(fake, i));
    console.log('-----\n' + String(body(e).content));
  }
  const i = fake.sendInteraction(fake.build.slash({ name: 'summary', user: user('s') }));
  console.log('-----\n' + String(body(await fake.waitForRequest(originalEditOf(fake, i))).content));
  const j = fake.sendInteraction(fake.build.slash({ name: 'help', user: user('s') }));
  console.log('-----\n' + String(body(await fake.waitForRequest(originalEditOf(fake, j))).content));
  await h.close();
  console.log(h.logs.slice(0, 40).join(''));
});
