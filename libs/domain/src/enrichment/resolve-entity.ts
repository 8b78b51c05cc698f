import { GraphEdge } from '../graph/model';
import { entityAliases, entityId } from './entity-name';
import { EntityType, ScoredId } from './ports';

/** Tier-3 threshold: name vectors this close are taken for one entity. */
export const DEFAULT_ENTITY_SIMILARITY = 0.9;

export interface EntityResolutionInput {
  type: EntityType;
  /** The name as written; it must hold a letter or digit. */
  name: string;
  /** Alias ids known in the scope → the entity each resolves to; the caller loads `entityAliasIds(type, name)`. */
  known: ReadonlyMap<string, string>;
  /** Tier 3: entities of the scope whose name vectors are close to this name's, with their cosine. */
  candidates?: readonly ScoredId[];
  threshold?: number;
}

export type ResolutionTier = 'exact' | 'alias' | 'similar' | 'new';

export interface EntityResolution {
  /** The entity the event REFERENCES: the canonical one. */
  id: string;
  tier: ResolutionTier;
  /** An Entity node to create for this name (tiers `similar` and `new`). */
  newNodeId?: string;
  /** Alias ids not yet known, to record → `id`, so the name resolves at tier 1 next time. */
  newAliases: string[];
  /** Tier `similar` only: SAME_AS from the new name's node to the canonical entity. */
  sameAs?: GraphEdge;
}

/** The alias keys a name is looked up and recorded under: its alias names as ids of its type. */
export function entityAliasIds(type: EntityType, name: string): string[] {
  return entityAliases(name).map((alias) => entityId(type, alias));
}

/**
 * Resolution in three tiers (SPEC §9): exact normalized name → folded alias → name-embedding cosine
 * ≥ threshold → else a new entity. Tiers 1–2 merge silently: they only undo spelling noise. Tier 3
 * is a guess, so it is kept reversible: the new name gets its own Entity node, linked SAME_AS →
 * canonical with `confidence` = cosine, while the event references the canonical entity.
 */
export function resolveEntity(input: EntityResolutionInput): EntityResolution {
  const aliasIds = entityAliasIds(input.type, input.name);
  if (aliasIds.length === 0) throw new RangeError(`entity name without letters or digits: ${JSON.stringify(input.name)}`);
  const unknown = aliasIds.filter((alias) => !input.known.has(alias));

  const exact = input.known.get(aliasIds[0]);
  if (exact !== undefined) return { id: exact, tier: 'exact', newAliases: unknown };
  const viaAlias = aliasIds.map((alias) => input.known.get(alias)).find((id) => id !== undefined);
  if (viaAlias !== undefined) return { id: viaAlias, tier: 'alias', newAliases: unknown };

  const ownId = aliasIds[0];
  const match = best(input.candidates ?? [], input.threshold ?? DEFAULT_ENTITY_SIMILARITY);
  if (!match) return { id: ownId, tier: 'new', newNodeId: ownId, newAliases: unknown };
  return {
    id: match.id,
    tier: 'similar',
    newNodeId: ownId,
    newAliases: unknown,
    sameAs: { source: ownId, target: match.id, edge_type: 'SAME_AS', properties: { confidence: match.score } },
  };
}

/** The closest candidate at or above the threshold; ties go to the smaller id, so the answer never depends on order. */
function best(candidates: readonly ScoredId[], threshold: number): ScoredId | undefined {
  let found: ScoredId | undefined;
  for (const candidate of candidates) {
    if (candidate.score < threshold) continue;
    if (!found || candidate.score > found.score || (candidate.score === found.score && candidate.id < found.id)) found = candidate;
  }
  return found;
}
