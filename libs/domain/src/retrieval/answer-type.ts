import { EntityType } from '../enrichment/ports';
import { Intent, IntentScores } from './intents';

/** The kind of entity an intent's answer names: a "who" question is answered by a person. */
const ANSWER_ENTITIES: Partial<Record<Intent, EntityType>> = { who_is: 'person' };
/**
 * How an answer to a "why" question reads: it gives a cause — a causal connective, or the error or
 * missing piece a failure reports. General English and operations wording, not any data set's.
 */
const EXPLANATION = /\b(?:because|due to|caused by|causes?|root cause|reasons?|since|so that|therefore|turned out|not found|missing|not set|not allowed|denied|refused|expired|exceeded|out of|timed? ?out|errors?|exceptions?)\b/i;
const ANSWER_TEXTS: Partial<Record<Intent, RegExp>> = { why: EXPLANATION };
/** Relevance a node gains, at full intent confidence, for reading like the answer the intent asks for. */
export const ANSWER_TYPE_BOOST = 0.3;

export interface AnswerCandidate {
  /** Ids of the entities it references. */
  entities?: readonly string[];
  text?: string;
}


/**
 * Expected answer type (a classic of question answering): a node that reads like the kind of answer
 * the question asks for answers it better than one that only shares its words — for "who", it names
 * a person the question does not name itself; for "why", it states a cause. Returns the relevance to
 * add, scaled by the intent's confidence (the strongest intent that applies counts).
 */
export function answerTypeBoost(intents: IntentScores, node: AnswerCandidate, named: ReadonlySet<string>): number {
  let boost = 0;
  for (const [intent, confidence] of Object.entries(intents) as [Intent, number][]) {
    const type = ANSWER_ENTITIES[intent];
    const names = type !== undefined && (node.entities ?? []).some((id) => id.startsWith(`entity:${type}:`) && !named.has(id));
    const reads = ANSWER_TEXTS[intent]?.test(node.text ?? '') ?? false;
    if (names || reads) boost = Math.max(boost, ANSWER_TYPE_BOOST * confidence);
  }
  return boost;
}
