import { createHash } from 'node:crypto';
import { DEFAULT_TENANT } from '@cg/domain';
import { ApiKey } from '../config/api-config';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Who is calling: the key's tenant, whether it is an admin key, and the key's digest (null when keys are off). */
export interface Caller {
  tenant: string;
  admin: boolean;
  /** SHA-256 of the key, hex: what names the caller where the key itself must not appear (rate limit buckets). */
  keyDigest: string | null;
}

/** With no key configured everyone is the default tenant, with every right (SPEC §10, local use only). */
const OPEN_CALLER: Caller = { tenant: DEFAULT_TENANT, admin: true, keyDigest: null };

/**
 * Resolves `Authorization: Bearer <key>` to its caller. Keys are looked up by digest, so the lookup
 * time says nothing about how much of a guessed key was right.
 */
export class ApiKeys {
  private readonly callers = new Map<string, Caller>();

  constructor(keys: ApiKey[]) {
    for (const { key, tenant, admin } of keys) {
      const keyDigest = digest(key);
      this.callers.set(keyDigest, { tenant, admin, keyDigest });
    }
  }

  get open(): boolean {
    return this.callers.size === 0;
  }

  /** The caller, or null when the header carries no known key. */
  callerOf(authorization: string | undefined): Caller | null {
    if (this.open) return OPEN_CALLER;
    const match = authorization ? BEARER.exec(authorization) : null;
    return match ? this.callers.get(digest(match[1])) ?? null : null;
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
