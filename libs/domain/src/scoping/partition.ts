/** Tenant used for every request when API keys are off. */
export const DEFAULT_TENANT = 'default';

/** One partition of one tenant: every key of it shares the hash tag `{<tenant>:<partition>}`. */
export interface PartitionRef {
  tenant: string;
  partition: number;
}

/** The partition an agent scope lives in: FNV-1a of the agent id, modulo the partition count. */
export function partitionOf(agentId: string, partitions: number): number {
  if (partitions <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < agentId.length; i++) {
    hash ^= agentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

export function allPartitions(tenant: string, partitions: number): PartitionRef[] {
  return Array.from({ length: partitions }, (_, partition) => ({ tenant, partition }));
}
