import { keySegment } from '@cg/redis';

/**
 * The wire format of the Redis Stream RPC transport. A request is one stream entry; its reply is
 * one JSON element pushed to a per-request list that only the caller pops.
 */
export interface RpcRequest {
  id: string;
  /** Nest's normalized pattern (a string, or JSON for object patterns). */
  pattern: string;
  /** The payload as JSON. */
  data: string;
  replyKey: string;
  /** Epoch ms after which the caller has given up; the server skips the request then. */
  deadlineMs: number;
}

/** Entries older than this are trimmed from a request stream: far past any caller's deadline. */
export const REQUEST_RETENTION_MS = 60_000;
/** A reply nobody popped (its caller gave up) expires after this. */
export const REPLY_TTL_MS = 10_000;

/** The list one request's reply is pushed to (only its caller pops it); the id is data, encoded as a key segment. */
export function replyKeyOf(streamKey: string, requestId: string): string {
  return `${streamKey}:reply:${keySegment(requestId)}`;
}

export function requestFields(request: RpcRequest): string[] {
  return [
    'id', request.id, 'pattern', request.pattern, 'data', request.data,
    'reply_key', request.replyKey, 'deadline_ms', String(request.deadlineMs),
  ];
}

/**
 * The request an entry holds, or null when it is malformed. A reply key outside this stream's
 * reply namespace is refused, so a request cannot make the server write to arbitrary keys.
 */
export function parseRequest(fields: Record<string, string>, streamKey: string): RpcRequest | null {
  const { id, pattern, data, reply_key: replyKey } = fields;
  const deadlineMs = Number(fields.deadline_ms);
  if (!id || !pattern || data === undefined || !Number.isFinite(deadlineMs)) return null;
  if (replyKey !== replyKeyOf(streamKey, id)) return null;
  return { id, pattern, data, replyKey, deadlineMs };
}
