import { EDGE_TYPES } from '../graph/model';
import { edgeWeights, inferIntents, INTENT_EDGE_WEIGHTS, INTENTS, IntentScores, isIntent } from './intents';

/** The strongest intent; ties resolved as inferIntents orders them. */
function top(scores: IntentScores): string {
  return Object.entries(scores).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0][0];
}

describe('isIntent', () => {
  it('accepts exactly the eight intents', () => {
    for (const intent of INTENTS) expect(isIntent(intent)).toBe(true);
    for (const other of ['', 'WHY', 'who', 'how', 'general ', 'toString', '__proto__']) expect(isIntent(other)).toBe(false);
    expect(INTENTS).toHaveLength(8);
  });
});

describe('inferIntents', () => {
  it.each([
    ['why did the deploy fail?', 'why'],
    ['What caused the outage on Tuesday?', 'why'],
    ['when did Maria join?', 'when'],
    ['What time did the nightly backup run?', 'when'],
    ['How long did the migration take?', 'when'],
    ['who is Maria Lopez?', 'who_is'],
    ["Who's on call this week?", 'who_is'],
    ['how do I rotate the API keys?', 'how_does'],
    ['How does the billing retry work?', 'how_does'],
    ['show me incidents similar to this one', 'related'],
    ['any other tickets like this?', 'related'],
    ['what happened with the billing service?', 'what'],
    ['what is the retry policy?', 'what'],
    ['which database does the api use?', 'what'],
    ['remember that I prefer dark mode', 'personalize'],
    ['I like short answers', 'personalize'],
  ])('%j → %s is the strongest', (query, intent) => {
    expect(top(inferIntents(query))).toBe(intent);
  });

  it('makes why the largest for a failure question', () => {
    const scores = inferIntents('why did the deploy fail?');
    expect(scores.why).toBeGreaterThan(0.9);
    for (const [intent, confidence] of Object.entries(scores)) if (intent !== 'why') expect(confidence).toBeLessThan(scores.why!);
  });

  it('reports several intents at once, each with its own confidence', () => {
    expect(inferIntents('Why did the deploy fail after the config change?')).toEqual({ why: 0.94, when: 0.5 });
    expect(inferIntents('when did the build fail?')).toEqual({ when: 0.9, why: 0.4 });
    const mixed = inferIntents('what are the steps to deploy services similar to the billing one?');
    expect(Object.keys(mixed).sort()).toEqual(['how_does', 'related', 'what']);
  });

  it('combines agreeing rules as a noisy-or: stronger than either, never above 1', () => {
    // "why" (0.9) and "fail" (0.4): 1 − 0.1 × 0.6.
    expect(inferIntents('why did the deploy fail?')).toEqual({ why: 0.94 });
    expect(inferIntents('why?').why).toBe(0.9);
    // Each rule counts once however many of its words match: 1 − 0.1 × 0.4 × 0.6 (why, cause words, failure words).
    const stacked = inferIntents('why did it fail, what was the root cause and the reason for the error because it crashed');
    expect(stacked.why).toBe(0.976);
  });

  it('does not read a time or cause question as a "what" question', () => {
    expect(inferIntents('what time did the backup run?')).toEqual({ when: 0.9 });
    expect(inferIntents('What caused the outage?')).toEqual({ why: 0.94 });
    expect(inferIntents('who is Maria Lopez?')).toEqual({ who_is: 0.99 });
  });

  it('tells "like" as a comparison from "like" as a preference', () => {
    expect(inferIntents('errors like this one')).toHaveProperty('related');
    expect(inferIntents('I like short answers')).not.toHaveProperty('related');
    expect(inferIntents('I would like a summary')).not.toHaveProperty('related');
  });

  it('treats "my" alone as a weak personalization hint', () => {
    const scores = inferIntents('why did my deploy fail?');
    expect(scores.personalize).toBe(0.35);
    expect(top(scores)).toBe('why');
  });

  it('is case- and apostrophe-insensitive', () => {
    expect(inferIntents('WHO IS MARIA LOPEZ?')).toEqual(inferIntents('who is maria lopez?'));
    expect(inferIntents('what\u2019s the status?')).toEqual(inferIntents("what's the status?"));
  });

  it('falls back to general only when nothing matches', () => {
    expect(inferIntents('hello there')).toEqual({ general: 1 });
    expect(inferIntents('')).toEqual({ general: 1 });
    expect(inferIntents('why')).not.toHaveProperty('general');
  });

  it('only returns known intents with confidences in (0, 1], strongest first', () => {
    for (const query of ['why did it fail after lunch', 'what are the steps for me', 'who worked on similar bugs before?']) {
      const confidences = Object.entries(inferIntents(query)).map(([intent, confidence]) => {
        expect(isIntent(intent)).toBe(true);
        expect(confidence).toBeGreaterThan(0);
        expect(confidence).toBeLessThanOrEqual(1);
        return confidence!;
      });
      expect(confidences).toEqual([...confidences].sort((a, b) => b - a));
    }
  });

  it('is deterministic, including the key order', () => {
    const query = 'What did Maria say before the outage?';
    expect(JSON.stringify(inferIntents(query))).toBe(JSON.stringify(inferIntents(query)));
    expect(Object.keys(inferIntents(query))).toEqual(['when', 'what']);
  });
});

// SPEC §8, transcribed independently of intents.ts.
const SPEC_TABLE = `
| intent | CAUSED_BY | FOLLOWS | SIMILAR_TO | REFERENCES | SUMMARIZES |
|---|---|---|---|---|---|
| why | 5.0 | 1.0 | 1.5 | 2.0 | 1.0 |
| when | 1.0 | 5.0 | 0.5 | 1.0 | 0.5 |
| what | 2.0 | 1.0 | 2.0 | 5.0 | 2.0 |
| related | 1.5 | 0.5 | 5.0 | 2.0 | 1.5 |
| general | 2.0 | 2.0 | 2.0 | 2.0 | 2.0 |
| who_is | 1.0 | 1.0 | 1.5 | 5.0 | 2.0 |
| how_does | 3.0 | 4.0 | 2.0 | 2.0 | 1.5 |
| personalize | 1.0 | 1.0 | 3.0 | 4.0 | 3.0 |
`;

function parseTable(markdown: string): Record<string, Record<string, number>> {
  const [header, , ...rows] = markdown.trim().split('\n').map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  return Object.fromEntries(rows.map(([intent, ...cells]) => [intent, Object.fromEntries(cells.map((cell, i) => [header[i + 1], Number(cell)]))]));
}

describe('INTENT_EDGE_WEIGHTS', () => {
  const spec = parseTable(SPEC_TABLE);

  it('has a row for every intent and a cell for every edge type', () => {
    expect(Object.keys(INTENT_EDGE_WEIGHTS).sort()).toEqual([...INTENTS].sort());
    for (const intent of INTENTS) expect(Object.keys(INTENT_EDGE_WEIGHTS[intent]).sort()).toEqual([...EDGE_TYPES].sort());
  });

  it.each(INTENTS.flatMap((intent) => (['CAUSED_BY', 'FOLLOWS', 'SIMILAR_TO', 'REFERENCES', 'SUMMARIZES'] as const).map((edge) => [intent, edge] as const)))(
    '%s × %s equals SPEC §8',
    (intent, edge) => {
      expect(INTENT_EDGE_WEIGHTS[intent][edge]).toBe(spec[intent][edge]);
    },
  );

  it('follows SAME_AS at 5.0 and RELATED_TO at 1.5 under every intent', () => {
    for (const intent of INTENTS) {
      expect(INTENT_EDGE_WEIGHTS[intent].SAME_AS).toBe(5.0);
      expect(INTENT_EDGE_WEIGHTS[intent].RELATED_TO).toBe(1.5);
    }
  });
});

describe('edgeWeights', () => {
  it('is exactly the row of a single intent, whatever its confidence (an override)', () => {
    for (const intent of INTENTS) {
      expect(edgeWeights({ [intent]: 1 })).toEqual(INTENT_EDGE_WEIGHTS[intent]);
      expect(edgeWeights({ [intent]: 0.3 })).toEqual(INTENT_EDGE_WEIGHTS[intent]);
    }
  });

  it('blends rows by normalized confidence', () => {
    // why 0.75, when 0.25 → weights 0.75 / 0.25 of each row.
    const blended = edgeWeights({ why: 0.6, when: 0.2 });
    expect(blended.CAUSED_BY).toBeCloseTo(0.75 * 5.0 + 0.25 * 1.0, 12); // 4.0
    expect(blended.FOLLOWS).toBeCloseTo(0.75 * 1.0 + 0.25 * 5.0, 12); // 2.0
    expect(blended.SIMILAR_TO).toBeCloseTo(0.75 * 1.5 + 0.25 * 0.5, 12); // 1.25
    expect(blended.REFERENCES).toBeCloseTo(0.75 * 2.0 + 0.25 * 1.0, 12); // 1.75
    expect(blended.SUMMARIZES).toBeCloseTo(0.75 * 1.0 + 0.25 * 0.5, 12); // 0.875
    expect(blended.SAME_AS).toBeCloseTo(5.0, 12);
    expect(blended.RELATED_TO).toBeCloseTo(1.5, 12);
  });

  it('weights equal confidences equally, and three intents too', () => {
    expect(edgeWeights({ who_is: 0.5, what: 0.5 }).REFERENCES).toBeCloseTo(5.0, 12);
    expect(edgeWeights({ who_is: 0.5, what: 0.5 }).CAUSED_BY).toBeCloseTo(1.5, 12);
    // (5 + 1 + 3) / 3
    expect(edgeWeights({ why: 1, when: 1, how_does: 1 }).CAUSED_BY).toBeCloseTo(3.0, 12);
  });

  it('uses an inferred mix directly', () => {
    const weights = edgeWeights(inferIntents('why did the deploy fail?'));
    expect(weights).toEqual(INTENT_EDGE_WEIGHTS.why);
  });

  it('ignores non-positive, non-finite and unknown entries; nothing left → the general row', () => {
    expect(edgeWeights({})).toEqual(INTENT_EDGE_WEIGHTS.general);
    expect(edgeWeights({ why: 0, when: -1 })).toEqual(INTENT_EDGE_WEIGHTS.general);
    expect(edgeWeights({ why: NaN, what: Infinity })).toEqual(INTENT_EDGE_WEIGHTS.general);
    expect(edgeWeights({ when: 0.4, why: 0, bogus: 1 } as IntentScores)).toEqual(INTENT_EDGE_WEIGHTS.when);
  });

  it('returns a copy, never the shared row', () => {
    const weights = edgeWeights({});
    weights.FOLLOWS = 99;
    expect(INTENT_EDGE_WEIGHTS.general.FOLLOWS).toBe(2.0);
  });
});
