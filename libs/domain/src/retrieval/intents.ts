import { EDGE_TYPES, EdgeType } from '../graph/model';

export const INTENTS = ['why', 'when', 'what', 'related', 'general', 'who_is', 'how_does', 'personalize'] as const;
export type Intent = (typeof INTENTS)[number];
/** Confidences in (0, 1]. */
export type IntentScores = Partial<Record<Intent, number>>;

const INTENT_SET: ReadonlySet<string> = new Set(INTENTS);

export function isIntent(value: string): value is Intent {
  return INTENT_SET.has(value);
}

// Words after "what"/"which" that make the question about time or cause rather than about a thing.
const NOT_A_WHAT = String.raw`(?!\s+(?:time|day|date|year|month|caused|causes|led|made|broke)\b)`;

interface IntentRule {
  intent: Intent;
  pattern: RegExp;
  /** How sure a match alone makes us: question forms are strong, topical keywords weak. */
  strength: number;
}

const RULES: readonly IntentRule[] = [
  { intent: 'why', pattern: /\bwhy\b/, strength: 0.9 },
  { intent: 'why', pattern: /\b(?:what|which)\s+(?:caused|causes|led to|made|broke)\b/, strength: 0.85 },
  { intent: 'why', pattern: /\b(?:cause[sd]?|reasons?|because|due to|root cause)\b/, strength: 0.6 },
  { intent: 'why', pattern: /\b(?:fail(?:s|ed|ing|ures?)?|break|breaks|broke|broken|crash(?:es|ed)?|errors?|went wrong)\b/, strength: 0.4 },

  { intent: 'when', pattern: /\bwhen\b/, strength: 0.9 },
  { intent: 'when', pattern: /\b(?:what|which)\s+(?:time|day|date|year|month)\b|\bhow long\b/, strength: 0.9 },
  { intent: 'when', pattern: /\b(?:before|after|since|until|earlier|later|timeline|yesterday|today|ago|last (?:week|month|time))\b/, strength: 0.5 },

  { intent: 'who_is', pattern: /\bwho(?:'s|\s+(?:is|was|are|were))\b/, strength: 0.95 },
  { intent: 'who_is', pattern: /\b(?:who|whom|whose)\b/, strength: 0.8 },

  { intent: 'how_does', pattern: /\bhow\s+(?:does|do|can|should|would|to)\b/, strength: 0.9 },
  { intent: 'how_does', pattern: /\bhow\s+did\b/, strength: 0.6 },
  { intent: 'how_does', pattern: /\b(?:steps?|procedure|instructions|walk me through|workflow)\b/, strength: 0.6 },

  { intent: 'related', pattern: /\b(?:similar|related|resembl\w*|comparable|same as)\b/, strength: 0.85 },
  { intent: 'related', pattern: /\b(?:other|others|another)\b/, strength: 0.6 },
  // "like" as a comparison ("errors like this"), not as a preference ("I like tea").
  { intent: 'related', pattern: /(?<!\b(?:i|we|you|they|i'd|we'd|would|do|don't)\s+)\blike\b/, strength: 0.5 },

  { intent: 'what', pattern: /\bwhat\s+happened\b/, strength: 0.85 },
  { intent: 'what', pattern: /\bwhat(?:'s|\s+(?:is|are|was|were))\b/, strength: 0.8 },
  { intent: 'what', pattern: new RegExp(String.raw`\bwhich\b` + NOT_A_WHAT), strength: 0.6 },
  { intent: 'what', pattern: new RegExp(String.raw`\bwhat\b` + NOT_A_WHAT), strength: 0.5 },
  { intent: 'what', pattern: /\b(?:tell me about|describe|explain|details)\b/, strength: 0.5 },

  { intent: 'personalize', pattern: /\bremember\s+(?:that\s+)?i\b/, strength: 0.95 },
  { intent: 'personalize', pattern: /\bi\s+(?:prefer|like|love|hate|want|need|usually|always|never)\b/, strength: 0.85 },
  { intent: 'personalize', pattern: /\b(?:for me|preferences?|favou?rite)\b/, strength: 0.6 },
  // "my" shows up in most first-person questions, so alone it is only a hint.
  { intent: 'personalize', pattern: /\b(?:my|mine)\b/, strength: 0.35 },
];

/**
 * Rule-based intent inference (SPEC §8): every rule that matches adds evidence to its intent,
 * combined as a noisy-or (1 − Π(1 − strength)) so agreeing rules raise confidence without passing 1.
 * Several intents come out at once, strongest first; `general` only when nothing matches.
 */
export function inferIntents(query: string): IntentScores {
  const text = query.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const doubt = new Map<Intent, number>();
  for (const rule of RULES) {
    if (rule.pattern.test(text)) doubt.set(rule.intent, (doubt.get(rule.intent) ?? 1) * (1 - rule.strength));
  }
  if (doubt.size === 0) return { general: 1 };
  const scored = [...doubt].map(([intent, rest]) => ({ intent, confidence: round(1 - rest) }));
  scored.sort((a, b) => b.confidence - a.confidence || INTENTS.indexOf(a.intent) - INTENTS.indexOf(b.intent));
  return Object.fromEntries(scored.map((s) => [s.intent, s.confidence]));
}

// Rounded so meta.inferred_intents reads 0.94, not 0.9400000000000001.
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

type EdgeRow = Record<EdgeType, number>;

/** SAME_AS joins two names of one entity and RELATED_TO its neighbours: the same under every intent. */
function row(caused: number, follows: number, similar: number, references: number, summarizes: number): EdgeRow {
  return { CAUSED_BY: caused, FOLLOWS: follows, SIMILAR_TO: similar, REFERENCES: references, SUMMARIZES: summarizes, SAME_AS: 5.0, RELATED_TO: 1.5 };
}

/** The intent × edge-type weight matrix of SPEC §8. */
export const INTENT_EDGE_WEIGHTS: Record<Intent, EdgeRow> = {
  why: row(5.0, 1.0, 1.5, 2.0, 1.0),
  when: row(1.0, 5.0, 0.5, 1.0, 0.5),
  what: row(2.0, 1.0, 2.0, 5.0, 2.0),
  related: row(1.5, 0.5, 5.0, 2.0, 1.5),
  general: row(2.0, 2.0, 2.0, 2.0, 2.0),
  who_is: row(1.0, 1.0, 1.5, 5.0, 2.0),
  how_does: row(3.0, 4.0, 2.0, 2.0, 1.5),
  personalize: row(1.0, 1.0, 3.0, 4.0, 3.0),
};

/**
 * Edge weights for a mix of intents: the rows blended by confidence (normalized to sum 1), so a
 * single intent — e.g. a caller's override — yields exactly its row. Non-positive or unknown
 * entries are ignored; with nothing left the `general` row applies.
 */
export function edgeWeights(intents: IntentScores): EdgeRow {
  const parts = Object.entries(intents).filter(
    (entry): entry is [Intent, number] => isIntent(entry[0]) && typeof entry[1] === 'number' && entry[1] > 0 && Number.isFinite(entry[1]),
  );
  if (parts.length === 0) return { ...INTENT_EDGE_WEIGHTS.general };
  const total = parts.reduce((sum, [, confidence]) => sum + confidence, 0);
  const blended = {} as EdgeRow;
  for (const edgeType of EDGE_TYPES) {
    blended[edgeType] = parts.reduce((sum, [intent, confidence]) => sum + (confidence / total) * INTENT_EDGE_WEIGHTS[intent][edgeType], 0);
  }
  return blended;
}
