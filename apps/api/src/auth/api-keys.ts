import { createHash } from 'node:crypto';
import { DEFAULT_TENANT } from '@cg/domain';
import { ApiKey } from '../config/api-config';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Resolves `Authorization: Bearer <key>` to the key's tenant. Keys are looked up by digest, so the
 * lookup time says nothing about how much of a guessed key was right.
 */
export class ApiKeys {
  private readonly tenants = new Map<string, string>();

  constructor(keys: ApiKey[]) {
    for (const { key, tenant } of keys) this.tenants.set(digest(key), tenant);
  }

  /** No keys configured: every caller is the default tenant (SPEC §10, local use only). */
  get open(): boolean {
    return this.tenants.size === 0;
  }

  /** The caller's tenant, or null when the header carries no known key. */
  tenantOf(authorization: string | undefined): string | null {
    if (this.open) return DEFAULT_TENANT;
    const match = authorization ? BEARER.exec(authorization) : null;
    return match ? this.tenants.get(digest(match[1])) ?? null : null;
  }
}

function digest(key: string): string {
  return createHash('sha256').update(key).digest('base64');
}
