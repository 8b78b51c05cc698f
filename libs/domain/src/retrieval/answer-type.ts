import { EntityType } from '../enrichment/ports';
import { Intent, IntentScores } from './intents';

/** The kind of entity an intent's answer names: a "who" question is answered by a person. */
const ANSWER_TYPES: Partial<Record<Intent, EntityType>> = { who_is: 'person' };
/** Relevance a node gains, at full intent confidence, for naming an entity of the answer's type. */
export const ANSWER_TYPE_BOOST = 0.3;

/**
 * Expected answer type (a classic of question answering): a node that references an entity of the
 * kind the question asks for — one the question does not name itself — answers it better than one
 * that only shares its words. Returns the relevance to add, scaled by the intent's confidence.
 */
export function answerTypeBoost(intents: IntentScores, referenced: readonly string[] | undefined, named: ReadonlySet<string>): number {
  let boost = 0;
  for (const [intent, confidence] of Object.entries(intents) as [Intent, number][]) {
    const type = ANSWER_TYPES[intent];
    if (type && referenced?.some((id) => id.startsWith(`entity:${type}:`) && !named.has(id))) boost = Math.max(boost, ANSWER_TYPE_BOOST * confidence);
  }
  return boost;
}
