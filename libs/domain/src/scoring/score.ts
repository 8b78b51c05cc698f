import { HOUR_MS } from '../clock';

export interface ScoringWeights {
  recency: number;
  importance: number;
  relevance: number;
}

export interface ScoringParams {
  weights: ScoringWeights;
  /** Stability of a never-accessed node, in hours. */
  stabilityBaseHours: number;
  /** Stability added per access, in hours. */
  stabilityBoostHours: number;
}

export const DEFAULT_SCORING: ScoringParams = {
  weights: { recency: 1, importance: 1, relevance: 1 },
  stabilityBaseHours: 168,
  stabilityBoostHours: 24,
};

export interface ScoreInput {
  occurredMs: number;
  lastAccessedMs?: number;
  accessCount: number;
  importanceScore: number;
  /** Cosine between the node's and the query's embeddings; undefined when either is missing. */
  cosine?: number;
}

export interface NodeScores {
  score: number;
  decay_score: number;
  relevance_score: number;
  importance_score: number;
}

/** recency = exp(-t_h / S), t_h from the later of occurrence and last access, S grows with use. */
export function recency(input: Pick<ScoreInput, 'occurredMs' | 'lastAccessedMs' | 'accessCount'>, now: number, params = DEFAULT_SCORING): number {
  const anchor = Math.max(input.occurredMs, input.lastAccessedMs ?? -Infinity);
  const hours = Math.max(0, (now - anchor) / HOUR_MS);
  const stability = params.stabilityBaseHours + params.stabilityBoostHours * input.accessCount;
  return Math.exp(-hours / stability);
}

export function importance(importanceScore: number): number {
  return importanceScore / 10;
}

export function relevance(cosine: number | undefined): number {
  return cosine === undefined ? 0.5 : (1 + cosine) / 2;
}

/** The composite score of SPEC §6: a weighted mean of recency, importance and relevance. */
export function scoreNode(input: ScoreInput, now: number, params = DEFAULT_SCORING): NodeScores {
  const { weights } = params;
  const r = recency(input, now, params);
  const i = importance(input.importanceScore);
  const v = relevance(input.cosine);
  const total = weights.recency + weights.importance + weights.relevance;
  const score = total > 0 ? (weights.recency * r + weights.importance * i + weights.relevance * v) / total : 0;
  return { score, decay_score: r, relevance_score: v, importance_score: input.importanceScore };
}
