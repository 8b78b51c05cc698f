import { ANSWER_TYPE_BOOST, answerTypeBoost } from './answer-type';

describe('answerTypeBoost', () => {
  const named = new Set(['entity:organization:globex']);

  it('lifts a node naming a person for a who question, by the intent confidence', () => {
    expect(answerTypeBoost({ who_is: 0.9 }, { entities: ['entity:person:samuel-chen', 'entity:organization:globex'] }, named)).toBeCloseTo(ANSWER_TYPE_BOOST * 0.9);
  });

  it('gives nothing for a person the question names itself, for other intents, or for a node without entities', () => {
    expect(answerTypeBoost({ who_is: 0.9 }, { entities: ['entity:organization:globex'] }, named)).toBe(0);
    expect(answerTypeBoost({ who_is: 0.9 }, { entities: ['entity:person:samuel-chen'] }, new Set(['entity:person:samuel-chen']))).toBe(0);
    expect(answerTypeBoost({ what: 0.9, when: 0.5 }, { entities: ['entity:person:samuel-chen'] }, named)).toBe(0);
    expect(answerTypeBoost({ who_is: 1 }, {}, named)).toBe(0);
  });

  it('lifts a node stating a cause for a why question, not one that only shares its words', () => {
    expect(answerTypeBoost({ why: 0.9 }, { text: 'Root cause: the secret is missing in prod.' }, named)).toBeCloseTo(ANSWER_TYPE_BOOST * 0.9);
    expect(answerTypeBoost({ why: 0.9 }, { text: 'Error: STRIPE_API_KEY is not set.' }, named)).toBeCloseTo(ANSWER_TYPE_BOOST * 0.9);
    expect(answerTypeBoost({ why: 0.9 }, { text: 'Why do the Windows builds fail now and then?' }, named)).toBe(0);
    expect(answerTypeBoost({ what: 0.9 }, { text: 'It failed because the disk was full.' }, named)).toBe(0);
  });
});
