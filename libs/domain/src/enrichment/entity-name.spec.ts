import { entityAliases, entityId, normalizeEntityName } from './entity-name';

describe('entity names (SPEC §5)', () => {
  it('lowercases, drops possessives and punctuation, joins words with "-"', () => {
    expect(normalizeEntityName('  Maria   Lopez ')).toBe('maria-lopez');
    expect(normalizeEntityName("Maria Lopez's")).toBe('maria-lopez');
    expect(normalizeEntityName('Maria Lopez’s')).toBe('maria-lopez');
    expect(normalizeEntityName("James'")).toBe('james');
    expect(normalizeEntityName("McDonald's Corp.")).toBe('mcdonald-corp');
    expect(normalizeEntityName('U.S.A.')).toBe('usa');
    expect(normalizeEntityName('AT&T')).toBe('att');
    expect(normalizeEntityName('José Álvarez')).toBe('josé-álvarez');
  });

  it('treats hyphens, underscores and slashes as word breaks', () => {
    expect(normalizeEntityName('Jean-Luc Picard')).toBe('jean-luc-picard');
    expect(normalizeEntityName('Jean Luc Picard')).toBe('jean-luc-picard');
    expect(normalizeEntityName('data_pipeline / v2')).toBe('data-pipeline-v2');
  });

  it('keeps an apostrophe-s that is part of a word, drops only the possessive', () => {
    expect(normalizeEntityName("O'Brien")).toBe('obrien');
    expect(normalizeEntityName("Lopez's team")).toBe('lopez-team');
  });

  it('is idempotent', () => {
    for (const name of ["Maria Lopez's", 'ACME corp.', 'Jean-Luc']) {
      expect(normalizeEntityName(normalizeEntityName(name))).toBe(normalizeEntityName(name));
    }
  });

  it('makes one id for the spellings of one name', () => {
    const ids = ['Maria Lopez', 'maria lopez', "Maria Lopez's"].map((name) => entityId('person', name));
    expect(new Set(ids)).toEqual(new Set(['entity:person:maria-lopez']));
    expect(entityId('organization', 'Acme Corp.')).toBe('entity:organization:acme-corp');
  });

  it('aliases fold case, punctuation, possessives and plurals onto a shared key', () => {
    expect(entityAliases('Acme Corp')).toEqual(['acme-corp']);
    expect(entityAliases('ACME corp.')).toEqual(['acme-corp']);
    expect(entityAliases('Acme Corps')).toEqual(['acme-corps', 'acme-corp']);
    expect(entityAliases("Acme Corps'")).toEqual(['acme-corps', 'acme-corp']);
    expect(entityAliases('data pipelines')).toEqual(['data-pipelines', 'data-pipeline']);
    expect(entityAliases('Tool Policies')).toEqual(['tool-policies', 'tool-policy']);
    expect(entityAliases('tax boxes')).toEqual(['tax-boxes', 'tax-box']);
  });

  it('does not fold words that only look plural', () => {
    for (const name of ['Status', 'First Class', 'Data Analysis', 'Gus']) {
      expect(entityAliases(name)).toEqual([normalizeEntityName(name)]);
    }
  });

  it('has no alias for a name without letters or digits', () => {
    expect(entityAliases(" '.. ")).toEqual([]);
  });
});
