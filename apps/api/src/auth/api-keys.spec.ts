import { createHash } from 'node:crypto';
import { ApiKeys } from './api-keys';

describe('ApiKeys', () => {
  const keys = new ApiKeys([{ key: 'k-a', tenant: 'a', admin: false }, { key: 'k-b', tenant: 'b', admin: false }, { key: 'k-root', tenant: 'a', admin: true }]);
  const digestOf = (key: string) => createHash('sha256').update(key).digest('hex');

  it('resolves a Bearer key to its tenant and role, the scheme in any case', () => {
    expect(keys.callerOf('Bearer k-a')).toEqual({ tenant: 'a', admin: false, keyDigest: digestOf('k-a') });
    expect(keys.callerOf('bearer k-b')).toMatchObject({ tenant: 'b', admin: false });
    expect(keys.callerOf('Bearer k-root')).toMatchObject({ tenant: 'a', admin: true });
  });

  it('refuses a missing, unknown or malformed credential', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer k-c', 'Basic k-a', 'k-a', 'Bearer k-a extra']) {
      expect(keys.callerOf(header)).toBeNull();
    }
  });

  it('makes everyone the default tenant, with every right and no key, when no key is configured', () => {
    const open = new ApiKeys([]);
    expect(open.open).toBe(true);
    expect(open.callerOf(undefined)).toEqual({ tenant: 'default', admin: true, keyDigest: null });
  });
});
