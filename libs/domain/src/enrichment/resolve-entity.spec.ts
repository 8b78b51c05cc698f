import { entityAliasIds, resolveEntity } from './resolve-entity';

describe('resolveEntity', () => {
  const none = new Map<string, string>();

  it('makes a new entity, with every alias to record, when nothing matches', () => {
    expect(resolveEntity({ type: 'organization', name: 'Acme Corps', known: none })).toEqual({
      id: 'entity:organization:acme-corps',
      tier: 'new',
      newNodeId: 'entity:organization:acme-corps',
      newAliases: ['entity:organization:acme-corps', 'entity:organization:acme-corp'],
    });
  });

  it('tier 1: the exact normalized name resolves to the entity recorded for it', () => {
    const known = new Map([['entity:person:maria-lopez', 'entity:person:maria-lopez']]);
    for (const name of ['Maria Lopez', 'maria lopez', "Maria Lopez's", 'MARIA  LOPEZ’s']) {
      expect(resolveEntity({ type: 'person', name, known })).toEqual({ id: 'entity:person:maria-lopez', tier: 'exact', newAliases: [] });
    }
  });

  it('tier 2: a folded alias resolves to the known entity and yields the aliases to record', () => {
    const known = new Map([
      ['entity:organization:acme-corps', 'entity:organization:acme-corps'],
      ['entity:organization:acme-corp', 'entity:organization:acme-corps'],
    ]);
    expect(resolveEntity({ type: 'organization', name: 'ACME corp.', known })).toMatchObject({ id: 'entity:organization:acme-corps', tier: 'exact' });
    const other = new Map([['entity:organization:acme-corp', 'entity:organization:acme-corp']]);
    expect(resolveEntity({ type: 'organization', name: 'Acme Corps', known: other })).toEqual({
      id: 'entity:organization:acme-corp',
      tier: 'alias',
      newAliases: ['entity:organization:acme-corps'],
    });
  });

  it('keeps entity types apart', () => {
    const known = new Map([['entity:place:jordan', 'entity:place:jordan']]);
    expect(resolveEntity({ type: 'person', name: 'Jordan', known })).toMatchObject({ id: 'entity:person:jordan', tier: 'new' });
  });

  it('tier 3: a close name vector keeps the new name as its own node, SAME_AS → canonical', () => {
    const candidates = [
      { id: 'entity:person:jonathan-smith', score: 0.9988 },
      { id: 'entity:person:jane-doe', score: 0.1 },
    ];
    const resolution = resolveEntity({ type: 'person', name: 'Jon Smith', known: none, candidates });
    expect(resolution).toMatchObject({
      id: 'entity:person:jonathan-smith',
      tier: 'similar',
      newNodeId: 'entity:person:jon-smith',
      newAliases: ['entity:person:jon-smith'],
    });
    expect(resolution.sameAs).toEqual({
      source: 'entity:person:jon-smith',
      target: 'entity:person:jonathan-smith',
      edge_type: 'SAME_AS',
      properties: { confidence: expect.closeTo(0.9988, 4) },
    });
  });

  it('tier 3 needs the threshold (default 0.9, configurable)', () => {
    const candidates = [{ id: 'entity:topic:billing', score: 0.8 }];
    const input = { type: 'topic' as const, name: 'invoices', known: none, candidates };
    expect(resolveEntity(input)).toMatchObject({ id: 'entity:topic:invoices', tier: 'new' });
    expect(resolveEntity({ ...input, threshold: 0.8 })).toMatchObject({ id: 'entity:topic:billing', tier: 'similar' });
  });

  it('tier 3 picks the best candidate, ties to the smaller id, whatever their order', () => {
    const candidates = [
      { id: 'entity:person:b', score: 0.95 },
      { id: 'entity:person:a', score: 0.95 },
      { id: 'entity:person:c', score: 0.92 },
    ];
    for (const order of [candidates, [...candidates].reverse()]) {
      expect(resolveEntity({ type: 'person', name: 'z', known: none, candidates: order }).id).toBe('entity:person:a');
    }
  });

  it('tiers 1–2 win over a vector match', () => {
    const known = new Map([['entity:person:jon-smith', 'entity:person:jonathan-smith']]);
    const candidates = [{ id: 'entity:person:someone-else', score: 1 }];
    expect(resolveEntity({ type: 'person', name: 'Jon Smith', known, candidates })).toEqual({
      id: 'entity:person:jonathan-smith',
      tier: 'exact',
      newAliases: [],
    });
  });

  it('looks names up under alias ids of their type', () => {
    expect(entityAliasIds('organization', 'Acme Corps')).toEqual(['entity:organization:acme-corps', 'entity:organization:acme-corp']);
  });

  it('refuses a name without letters or digits', () => {
    expect(() => resolveEntity({ type: 'person', name: '...', known: none })).toThrow(RangeError);
  });
});
