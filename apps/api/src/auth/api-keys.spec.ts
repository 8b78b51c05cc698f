import { ApiKeys } from './api-keys';

describe('ApiKeys', () => {
  const keys = new ApiKeys([{ key: 'k-a', tenant: 'a' }, { key: 'k-b', tenant: 'b' }]);

  it('resolves a Bearer key to its tenant, the scheme in any case', () => {
    expect(keys.tenantOf('Bearer k-a')).toBe('a');
    expect(keys.tenantOf('bearer k-b')).toBe('b');
  });

  it('refuses a missing, unknown or malformed credential', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer k-c', 'Basic k-a', 'k-a', 'Bearer k-a extra']) {
      expect(keys.tenantOf(header)).toBeNull();
    }
  });

  it('makes everyone the default tenant when no key is configured', () => {
    const open = new ApiKeys([]);
    expect(open.open).toBe(true);
    expect(open.tenantOf(undefined)).toBe('default');
  });
});
