import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import { PartitionRef } from '@cg/domain';
import { KeySpace } from '../keys';
import { RELEASE_LOCK_LUA, RENEW_LOCK_LUA } from '../locks/lease.scripts';
import { execOrThrow } from '../streams/transaction';

/**
 * The derived key families of a partition (SPEC §4 "the graph is disposable"): graph (nodes, edges,
 * entities, session and agent indexes, summaries and their index, the feedback-applied set, waiting
 * children), vector and lexical indexes, consolidation state, ranking snapshots. Everything else of
 * the partition is the ledger (`ledger`, `event:*`, `dedup`, `session:*`, `session-agents`) or stage
 * plumbing (`stream:*` with their consumer groups, dead letters, failure counts) and is never touched.
 */
export const DERIVED_KEY_FAMILIES = ['graph', 'vec', 'lex', 'consolidation', 'snapshot'] as const;

export interface ReplayStoreOptions {
  /** SCAN's COUNT hint. */
  scanCount?: number;
  /** Keys per UNLINK. */
  unlinkBatch?: number;
  /** Documents read per round trip when ordering the retained events. */
  readBatch?: number;
}

const DEFAULTS = { scanCount: 1000, unlinkBatch: 500, readBatch: 1000 };

/** A Summary node a replay keeps as it is: it covers events whose documents are past the retention ceiling. */
export interface KeptSummary {
  id: string;
  agentId: string;
  /** Its score in the scope's summary index (the newest occurred ms it covers); null when it was not indexed. */
  score: string | null;
}

const SUMMARIZES = 'SUMMARIZES|';


/** What a replay needs from Redis: wipe a partition's derived keys, list its retained events in ledger order, one replay per partition at a time. */
export class RedisReplayStore {
  private readonly options: Required<ReplayStoreOptions>;

  constructor(private readonly redis: Redis, private readonly keys: KeySpace, options: ReplayStoreOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * The partition's Summary nodes that cover (in `derived_from`) an event whose document is gone — past
   * the retention ceiling, so a replay cannot rebuild them: SPEC §4 keeps them as they are. A summary
   * above such a summary covers the same event (`derived_from` goes through lower summaries), so whole
   * chains are kept.
   */
  async summariesPastRetention(scope: PartitionRef): Promise<KeptSummary[]> {
    const k = this.keys.of(scope);
    const summaryKeys = await this.scan(`${escapeGlob(k.node('summary:'))}*`);
    const kept: KeptSummary[] = [];
    for (let i = 0; i < summaryKeys.length; i += this.options.readBatch) {
      const batch = summaryKeys.slice(i, i + this.options.readBatch);
      const read = this.redis.pipeline();
      for (const key of batch) read.hmget(key, 'id', 'agent_id', 'derived_from');
      const nodes = ((await read.exec()) ?? []).map(([error, fields]) => {
        if (error) throw error;
        const [id, agentId, derived] = fields as (string | null)[];
        return id && agentId ? { id, agentId, sources: parseIds(derived) } : null;
      }).filter((n): n is { id: string; agentId: string; sources: string[] } => n !== null);
      const check = this.redis.pipeline();
      for (const node of nodes) for (const source of node.sources) check.exists(k.event(source));
      const exists = ((await check.exec()) ?? []).map(([error, n]) => {
        if (error) throw error;
        return n === 1;
      });
      let at = 0;
      const past = nodes.filter((node) => {
        const found = exists.slice(at, (at += node.sources.length));
        return found.some((e) => !e);
      });
      const scores = this.redis.pipeline();
      for (const node of past) scores.zscore(k.summaryIndex(node.agentId), node.id);
      const replies = (await scores.exec()) ?? [];
      past.forEach((node, n) => kept.push({ id: node.id, agentId: node.agentId, score: (replies[n]?.[1] as string | null) ?? null }));
    }
    return kept.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Puts kept summaries back where the wipe took their traces: their summary index entries, and the
   * in-edges of their `SUMMARIZES` on the sources projected again (the kept summaries' own keys were
   * never wiped). Their entity references, vectors and lexical entries come back when enrichment
   * reads them again from the projected stream.
   */
  async restoreSummaries(scope: PartitionRef, kept: KeptSummary[]): Promise<void> {
    if (!kept.length) return;
    const k = this.keys.of(scope);
    const keptIds = new Set(kept.map((s) => s.id));
    const read = this.redis.pipeline();
    for (const summary of kept) read.hgetall(k.edgesOut(summary.id));
    const outs = ((await read.exec()) ?? []).map(([error, hash]) => {
      if (error) throw error;
      return Object.entries(hash as Record<string, string>).filter(([field]) => field.startsWith(SUMMARIZES));
    });
    const targets = [...new Set(outs.flat().map(([field]) => field.slice(SUMMARIZES.length)).filter((t) => !keptIds.has(t)))];
    const check = this.redis.pipeline();
    for (const target of targets) check.exists(k.node(target));
    const present = new Set<string>();
    ((await check.exec()) ?? []).forEach(([error, n], i) => {
      if (error) throw error;
      if (n === 1) present.add(targets[i]);
    });
    const write = this.redis.pipeline();
    kept.forEach((summary, i) => {
      if (summary.score !== null) write.zadd(k.summaryIndex(summary.agentId), summary.score, summary.id);
      for (const [field, props] of outs[i]) {
        const target = field.slice(SUMMARIZES.length);
        if (present.has(target)) write.hset(k.edgesIn(target), `${SUMMARIZES}${summary.id}`, props);
      }
    });
    await execOrThrow(write);
  }

  /**
   * UNLINKs every derived key of the partition but those of the kept summaries, in batches as one SCAN
   * over the partition's base finds them (one pass over the keyspace, not one per family); returns how many went.
   */
  async wipeDerived(scope: PartitionRef, keep: KeptSummary[] = []): Promise<number> {
    const k = this.keys.of(scope);
    const spared = new Set(keep.flatMap((s) => [k.node(s.id), k.edgesOut(s.id), k.edgesIn(s.id)]));
    const families = DERIVED_KEY_FAMILIES.map((family) => `${k.base}:${family}:`);
    const derived = (key: string) => families.some((family) => key.startsWith(family)) && !spared.has(key);
    let deleted = 0;
    let pending: string[] = [];
    const flush = async () => {
      for (let i = 0; i < pending.length; i += this.options.unlinkBatch) deleted += await this.redis.unlink(...pending.slice(i, i + this.options.unlinkBatch));
      pending = [];
    };
    let cursor = '0';
    do {
      const [next, page] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(k.base)}:*`, 'COUNT', this.options.scanCount);
      cursor = next;
      // A key SCAN returns twice is unlinked again at most, and UNLINK counts only keys that existed.
      pending.push(...page.filter(derived));
      if (pending.length >= this.options.unlinkBatch) await flush();
    } while (cursor !== '0');
    await flush();
    return deleted;
  }

  /**
   * The ids of the partition's retained event documents (listed by its dedup index) in
   * `global_position` order (`<ms>-<seq>`, compared as numbers). Ids whose document is gone are left out.
   */
  async retainedEventIds(scope: PartitionRef): Promise<string[]> {
    const k = this.keys.of(scope);
    const found: { id: string; ms: number; seq: number }[] = [];
    for (let start = 0; ; start += this.options.readBatch) {
      const ids = await this.redis.zrange(k.dedup, start, start + this.options.readBatch - 1);
      if (!ids.length) break;
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hget(k.event(id), 'global_position');
      const replies = (await pipeline.exec()) ?? [];
      ids.forEach((id, i) => {
        const [error, position] = replies[i] ?? [];
        if (error) throw error;
        if (typeof position !== 'string') return;
        const [ms, seq = '0'] = position.split('-');
        found.push({ id, ms: Number(ms), seq: Number(seq) });
      });
      if (ids.length < this.options.readBatch) break;
    }
    return found.sort((a, b) => a.ms - b.ms || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((e) => e.id);
  }

  private async scan(pattern: string): Promise<string[]> {
    const found = new Set<string>();
    let cursor = '0';
    do {
      const [next, page] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', this.options.scanCount);
      cursor = next;
      for (const key of page) found.add(key);
    } while (cursor !== '0');
    return [...found];
  }

  /** Takes the partition's replay lock (SET NX PX); null when another replay holds it. */
  async lock(scope: PartitionRef, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const set = await this.redis.set(this.keys.of(scope).replayLock, token, 'PX', ttlMs, 'NX');
    return set === 'OK' ? token : null;
  }

  async renew(scope: PartitionRef, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW_LOCK_LUA, 1, this.keys.of(scope).replayLock, token, ttlMs)) === 1;
  }

  async unlock(scope: PartitionRef, token: string): Promise<void> {
    await this.redis.eval(RELEASE_LOCK_LUA, 1, this.keys.of(scope).replayLock, token);
  }
}

function parseIds(json: string | null): string[] {
  if (!json) return [];
  try {
    const ids: unknown = JSON.parse(json);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Escapes Redis glob metacharacters, so a key base is matched literally. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
