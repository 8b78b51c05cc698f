import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import {
  allPartitions, AppendResult, AppendStatus, contentFingerprint, DomainError, EventLedger, eventIdOfOrderKey, isoAt, LedgerEvent, LEDGER_STREAM,
  occurredOrderPrefix, parseInstant, PartialAppendError, partitionOf, PartitionRef, SessionPage, StoredEvent,
} from '@cg/domain';
import { KeySpace, PartitionKeys } from '../keys';
import { APPEND_EVENT_LUA } from './append-event.script';

type LedgerRedis = Redis & {
  appendEvent(...args: string[]): Promise<AppendReply>;
};

const DOC_FIELDS = ['event', 'global_position', 'ingested_at'] as const;

/** The event ledger on Redis: one atomic script per event, pipelined for batches. */
export class RedisEventLedger implements EventLedger {
  private readonly redis: LedgerRedis;

  constructor(redis: Redis, private readonly keys: KeySpace, private readonly partitions: number) {
    redis.defineCommand('appendEvent', { numberOfKeys: 6, lua: APPEND_EVENT_LUA });
    this.redis = redis as LedgerRedis;
  }

  scopeOf(tenant: string, agentId: string): PartitionRef {
    return { tenant, partition: partitionOf(agentId, this.partitions) };
  }

  async append(tenant: string, events: LedgerEvent[], ingestedAt: number): Promise<AppendResult[]> {
    const foreignSessions = await this.sessionsOwnedElsewhere(tenant, events);
    const pipeline = this.redis.pipeline();
    const sent: number[] = [];
    const ingestedIso = isoAt(ingestedAt);
    events.forEach((event, index) => {
      if (foreignSessions.has(index)) return;
      const k = this.keys.of(this.scopeOf(tenant, event.agent_id));
      (pipeline as unknown as LedgerRedis).appendEvent(...appendEventArgs(k, event, ingestedAt, ingestedIso));
      sent.push(index);
    });
    const results: (AppendResult | null)[] = events.map((event) => ({ event_id: event.event_id, global_position: null, status: 'conflict', conflict: 'session' }));
    if (!sent.length) return results as AppendResult[];
    let replies: [Error | null, unknown][];
    try {
      replies = (await pipeline.exec()) ?? [];
    } catch (error) {
      for (const index of sent) results[index] = null; // the connection failed: any of them may or may not be in
      throw new PartialAppendError(results, error as Error);
    }
    const failures = replies.map(([error, reply], i) => {
      results[sent[i]] = error ? null : appendResult(events[sent[i]], reply as AppendReply);
      return error;
    }).filter((error): error is Error => error !== null);
    if (failures.length) throw new PartialAppendError(results, failures[0]);
    return results as AppendResult[];
  }

  async get(tenant: string, eventId: string): Promise<StoredEvent | null> {
    const id = eventId.toLowerCase();
    for (const scope of allPartitions(tenant, this.partitions)) {
      const [event] = await this.storedEvents(scope, [id]);
      if (event) return event;
    }
    return null;
  }

  async storedEvents(scope: PartitionRef, ids: string[]): Promise<(StoredEvent | null)[]> {
    const k = this.keys.of(scope);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(k.event(id), ...DOC_FIELDS);
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, fields]) => {
      if (error) throw error;
      const [json, position, ingestedAt] = fields as (string | null)[];
      return json && position && ingestedAt ? { ...JSON.parse(json), global_position: position, ingested_at: ingestedAt } : null;
    });
  }

  /** The partition a session lives in, or null for a session this tenant has never written. */
  async sessionScope(tenant: string, sessionId: string): Promise<PartitionRef | null> {
    const scopes = allPartitions(tenant, this.partitions);
    const owners = await Promise.all(scopes.map((s) => this.redis.hget(this.keys.of(s).sessionAgents, sessionId)));
    const found = owners.findIndex((owner) => owner !== null);
    return found < 0 ? null : scopes[found];
  }

  async sessionEvents(tenant: string, sessionId: string, limit: number, cursor?: string): Promise<SessionPage> {
    const scope = await this.sessionScope(tenant, sessionId);
    if (!scope) return { events: [], next: null };
    const start = cursor ? `(${decodeOrderCursor(cursor)}` : '-';
    const members = await this.redis.zrangebylex(this.keys.of(scope).sessionOrder(sessionId), start, '+', 'LIMIT', 0, limit + 1);
    const page = members.slice(0, limit);
    const events = (await this.storedEvents(scope, page.map(eventIdOfOrderKey))).filter((e): e is StoredEvent => e !== null);
    return { events, next: members.length > limit ? encodeOrderCursor(page[page.length - 1]) : null };
  }

  /** True once every script is in Redis's script cache (loading any that is missing). */
  async scriptsLoaded(): Promise<boolean> {
    const sha = await this.redis.script('LOAD', APPEND_EVENT_LUA);
    const [exists] = (await this.redis.script('EXISTS', sha as string)) as number[];
    return exists === 1;
  }

  /**
   * With several partitions a session's owner may live in another partition than the event's agent,
   * which the per-partition script cannot see: check those before writing. (Racy only for two agents
   * starting one session at the same instant; with one partition the script alone decides.)
   */
  private async sessionsOwnedElsewhere(tenant: string, events: LedgerEvent[]): Promise<Set<number>> {
    const refused = new Set<number>();
    if (this.partitions <= 1) return refused;
    const owners = new Map<string, string | null>();
    for (const sessionId of new Set(events.map((e) => e.session_id))) {
      const scope = await this.sessionScope(tenant, sessionId);
      owners.set(sessionId, scope ? await this.redis.hget(this.keys.of(scope).sessionAgents, sessionId) : null);
    }
    events.forEach((event, index) => {
      const owner = owners.get(event.session_id);
      if (owner && owner !== event.agent_id) refused.add(index);
    });
    return refused;
  }
}

type AppendReply = [AppendStatus, string, string];

function appendResult(event: LedgerEvent, [status, position, conflict]: AppendReply): AppendResult {
  const result: AppendResult = { event_id: event.event_id, global_position: position || null, status };
  if (conflict === 'content' || conflict === 'session') result.conflict = conflict;
  return result;
}

/** KEYS and ARGV of one call of the append script (see append-event.script.ts). */
export function appendEventArgs(k: PartitionKeys, event: LedgerEvent, ingestedAt: number, ingestedIso = isoAt(ingestedAt)): string[] {
  return [
    k.event(event.event_id), k.stream(LEDGER_STREAM), k.sessionStream(event.session_id),
    k.sessionOrder(event.session_id), k.dedup, k.sessionAgents,
    event.event_id, event.session_id, event.agent_id, JSON.stringify(event), contentDigest(event),
    String(ingestedAt), ingestedIso, occurredOrderPrefix(parseInstant(event.occurred_at) ?? 0),
  ];
}

/** SHA-1 of the normalized content: what tells a duplicate (same digest) from a conflict. */
export function contentDigest(event: LedgerEvent): string {
  return createHash('sha1').update(contentFingerprint(event)).digest('hex');
}

function encodeOrderCursor(member: string): string {
  return Buffer.from(member).toString('base64url');
}

function decodeOrderCursor(cursor: string): string {
  const member = Buffer.from(cursor, 'base64url').toString();
  if (!/^\d{16}:\d{15}:\d{10}:[0-9a-f-]{36}$/.test(member)) {
    throw new DomainError('invalid_cursor', 'cursor is not valid', [{ field: 'cursor', message: 'is not a cursor this service issued' }]);
  }
  return member;
}
