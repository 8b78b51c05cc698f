/**
 * The admin channels (SPEC §2: "admin operations are requests the API writes to a stream that the
 * owning stage consumes"): the API sends each request over the Redis Stream RPC transport, one
 * replica of the owning stage answers it, and the reply comes back on the request's reply key.
 *
 * - reconsolidate: stream `<prefix>rpc:admin-reconsolidate`, group `admin-reconsolidate`, answered by consolidation;
 * - replay: stream `<prefix>rpc:admin-replay`, group `admin-replay`, answered by projection.
 */
export const RECONSOLIDATE_CHANNEL = 'admin-reconsolidate';
export const RECONSOLIDATE = 'admin.reconsolidate';
export const REPLAY_CHANNEL = 'admin-replay';
export const REPLAY = 'admin.replay';

/** Default of the API's ADMIN_RPC_TIMEOUT_MS: how long it waits for an admin answer. */
export const DEFAULT_ADMIN_RPC_TIMEOUT_MS = 120_000;
/** The most ADMIN_RPC_TIMEOUT_MS may be: the servers' claim idle time must stay above every caller's timeout. */
export const MAX_ADMIN_RPC_TIMEOUT_MS = 15 * 60_000;
/**
 * An admin request left pending this long (its replica died) is claimed by another replica. Above
 * MAX_ADMIN_RPC_TIMEOUT_MS, so a claimed request is always past its caller's deadline: it is only
 * acked, never run a second time while the first run may still be going.
 */
export const ADMIN_RPC_CLAIM_IDLE_MS = MAX_ADMIN_RPC_TIMEOUT_MS + 60_000;
/** Admin requests run one at a time per replica: each is a heavy pass over a whole scope or tenant. */
export const ADMIN_RPC_CONCURRENCY = 1;

/** `admin.reconsolidate`: one agent scope (`agent_id`, whose partition the API computed) or every scope of the partitions. */
export interface ReconsolidateRequest {
  tenant: string;
  partitions: number[];
  agent_id?: string;
}

/**
 * What one scope's pass did: the consolidation pass result passed through (outcome `done` / `locked` /
 * `lock-lost`, sessions, summaries written / unchanged, and whatever else the pass reports), or
 * outcome `failed` with the error when the pass threw.
 */
export interface ScopeReconsolidation {
  tenant: string;
  partition: number;
  agent_id: string;
  outcome: string;
  error?: string;
  [field: string]: unknown;
}

export interface ReconsolidateReply {
  scopes: ScopeReconsolidation[];
}

/** `admin.replay`: rebuild the derived data of these partitions of the tenant from the ledger. */
export interface ReplayRequest {
  tenant: string;
  partitions: number[];
}

export type ReplayReply =
  /** `summaries_kept`: summaries covering events past the retention ceiling, kept as they were (SPEC §4). */
  | { outcome: 'done'; partitions: number; events_replayed: number; keys_deleted: number; summaries_kept: number }
  /** Another replay of this partition is running; nothing was touched. */
  | { outcome: 'busy'; partition: number };

/** The request as sent, or a message saying what is wrong with it (the API builds them; this guards the stream). */
export function checkAdminRequest(request: unknown): string | null {
  const r = request as Partial<ReconsolidateRequest> | null;
  if (typeof r !== 'object' || r === null) return 'request must be an object';
  if (typeof r.tenant !== 'string' || !r.tenant) return 'tenant must be a non-empty string';
  if (!Array.isArray(r.partitions) || !r.partitions.every((p) => Number.isInteger(p) && p >= 0)) return 'partitions must be an array of partition numbers';
  if (r.agent_id !== undefined && (typeof r.agent_id !== 'string' || !r.agent_id)) return 'agent_id must be a non-empty string';
  return null;
}
