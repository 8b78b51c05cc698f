import { isEntityId, PartitionRef } from '@cg/domain';
import { ID_SLOT, PARTITION_LAYOUT, PartitionKeyKind, STAGE_STREAM_NAME, STREAM_SUFFIXES } from './layout';
import { keySegment } from './segment';

/**
 * The Redis key layout (see layout.ts and README "Key layout"): the one place keys are built. Every
 * key of a partition starts with `<prefix>{<tenant>:<partition>}:` so one hash slot holds it all and
 * no script crosses slots; every id in a key is one encoded segment, so ids are data, never syntax.
 */
export class KeySpace {
  constructor(readonly prefix: string) {
    if (/[{}*?[\]\\]/.test(prefix)) throw new Error('a key prefix must not hold hash-tag braces or glob characters');
  }

  /** Set of known `<tenant>:<partition>` pairs, so workers find every partition's streams. */
  get registry(): string {
    return `${this.prefix}partitions`;
  }

  /**
   * Request stream of a synchronous RPC channel (e.g. `embed-query`), read by the consumer group of
   * the same name so exactly one replica answers each request. Not partitioned: requests are few,
   * short-lived and not tenant data. Each reply goes to a list `<this key>:reply:<request id>` (see
   * `replyKeyOf` in @cg/platform's RPC protocol).
   */
  rpc(channel: string): string {
    return `${this.prefix}rpc:${keySegment(channel)}`;
  }

  of(scope: PartitionRef): PartitionKeys {
    return new PartitionKeys(`${this.prefix}{${keySegment(scope.tenant)}:${scope.partition}}`);
  }

  /** Hash `{tokens, ms}`: the rate limit bucket of one API key, named by the key's digest (never the key). */
  rateLimit(keyDigest: string): string {
    return `${this.prefix}rate-limit:${keySegment(keyDigest)}`;
  }

  /**
   * String, expiring unless renewed: the embedding model (`{model, dimension}` JSON) the running
   * enrichment replicas announce, so the API, which embeds nothing itself, can name it.
   */
  get embeddingModel(): string {
    return `${this.prefix}embedding-model`;
  }
}

const PATHS = Object.fromEntries(Object.entries(PARTITION_LAYOUT).map(([kind, { path }]) => [kind, path.split(':')])) as Record<PartitionKeyKind, string[]>;

/** The keys of one partition; method names are the layout's kinds. */
export class PartitionKeys {
  constructor(readonly base: string) {}

  /** The key of `kind` for these ids (as many as its path has slots). */
  key(kind: PartitionKeyKind, ...ids: (string | number)[]): string {
    const path = PATHS[kind];
    let next = 0;
    const segments = path.map((segment) => (segment === ID_SLOT ? keySegment(ids[next++] ?? missingId(kind)) : segment));
    if (next !== ids.length) throw new Error(`key ${kind} takes ${next} ids, got ${ids.length}`);
    return `${this.base}:${segments.join(':')}`;
  }

  /** A stage stream of this partition: `ledger` (the global stream), `stream:projected`, … */
  stream(name: string): string {
    if (!STAGE_STREAM_NAME.test(name)) throw new Error(`${JSON.stringify(name)} is not a stage stream name`);
    return `${this.base}:${name}`;
  }

  deadLetters(name: string): string {
    return `${this.stream(name)}:${STREAM_SUFFIXES.deadLetters.path}`;
  }

  /** Failure counts of entries of a stream, per consumer group (field `<group>|<entry id>`). */
  failures(name: string): string {
    return `${this.stream(name)}:${STREAM_SUFFIXES.failures.path}`;
  }

  event(eventId: string): string {
    return this.key('event', eventId);
  }

  /** Sorted set: event id → ingested_at ms; what recognises repeats, swept at the retention ceiling. */
  get dedup(): string {
    return this.key('dedup');
  }

  /** Hash: session id → the agent that owns it. */
  get sessionAgents(): string {
    return this.key('sessionAgents');
  }

  sessionStream(sessionId: string): string {
    return this.key('sessionStream', sessionId);
  }

  /** Lexicographic sorted set of session order keys (occurred_at, position, id). */
  sessionOrder(sessionId: string): string {
    return this.key('sessionOrder', sessionId);
  }

  node(id: string): string {
    return this.key('node', id);
  }

  /** Hash of a node's outgoing edges: `<EDGE_TYPE>|<target>` → JSON properties. */
  edgesOut(id: string): string {
    return this.key('edgesOut', id);
  }

  /** Hash of a node's incoming edges: `<EDGE_TYPE>|<source>` → JSON properties. */
  edgesIn(id: string): string {
    return this.key('edgesIn', id);
  }

  /** Lexicographic sorted set of the session's projected events, by session order key. */
  graphSession(sessionId: string): string {
    return this.key('graphSession', sessionId);
  }

  /** Sorted set of an agent scope's nodes, by occurred_at ms: the scope-wide read index. */
  graphAgent(agentId: string): string {
    return this.key('graphAgent', agentId);
  }

  /** Sorted set of an agent scope's Event nodes by ingested_at ms: what forgetting ages them by (SPEC §9). */
  graphAgentIngested(agentId: string): string {
    return this.key('graphAgentIngested', agentId);
  }

  /** Set of children projected before their parent `parentId`; linked when the parent lands. */
  waitingChildren(parentId: string): string {
    return this.key('waitingChildren', parentId);
  }

  /**
   * Set of the feedback event ids whose importance deltas the graph holds: what makes applying one
   * feedback event idempotent (API, projection, redeliveries). Part of the graph (`:graph:`), so a
   * graph rebuilt from the ledger starts without it and applies each feedback event once again.
   */
  get feedbackApplied(): string {
    return this.key('feedbackApplied');
  }

  snapshot(id: string): string {
    return this.key('snapshot', id);
  }

  /** String: the token of the replica replaying this partition (SET NX PX): one replay of a partition at a time. Not derived data: a replay never wipes it. */
  get replayLock(): string {
    return this.key('replayLock');
  }

  /** Hash of an Entity node of an agent scope (`aliases` held as a JSON array). */
  entityNode(agentId: string, entityId: string): string {
    return this.key('entityNode', agentId, entityId);
  }

  /** Hash of an entity's outgoing edges (`SAME_AS`, `RELATED_TO`): `<EDGE_TYPE>|<target>` → JSON properties. */
  entityEdgesOut(agentId: string, entityId: string): string {
    return this.key('entityEdgesOut', agentId, entityId);
  }

  /** Hash of an entity's incoming edges (`REFERENCES`, …): `<EDGE_TYPE>|<source>` → JSON properties. */
  entityEdgesIn(agentId: string, entityId: string): string {
    return this.key('entityEdgesIn', agentId, entityId);
  }

  /** Hash: normalized alias → entity id, the scope's resolution table (first binding wins). */
  entityAliases(agentId: string): string {
    return this.key('entityAliases', agentId);
  }

  /** Set of the scope's entity ids. */
  entities(agentId: string): string {
    return this.key('entities', agentId);
  }

  /**
   * Lexicographic sorted set of the events referencing an entity, `<occurred order prefix>:<event id>`:
   * the newest-first, keyset-paged read index of its `REFERENCES` in-edges.
   */
  entityReferences(agentId: string, entityId: string): string {
    return this.key('entityReferences', agentId, entityId);
  }

  /**
   * Where a node of an agent scope lives: ids starting with `entity:` are that scope's Entity nodes,
   * anything else is an Event or Summary node (keyed by its id alone). Every reader and writer of edges
   * resolves ids through here (scripts through the same rule in lua-keys.ts).
   */
  nodeKeys(agentId: string, id: string): NodeKeys {
    if (isEntityId(id)) {
      return { node: this.entityNode(agentId, id), out: this.entityEdgesOut(agentId, id), in: this.entityEdgesIn(agentId, id) };
    }
    return { node: this.node(id), out: this.edgesOut(id), in: this.edgesIn(id) };
  }

  /** Hash of an agent scope's vectors of one model: id → float32 little-endian bytes. */
  vectors(agentId: string, model: string): string {
    return this.key('vectors', agentId, model);
  }

  /** Hash: id → the LSH band signatures of its vector, uint32 LE each (a re-add leaves its old buckets by them). */
  vectorSignatures(agentId: string, model: string): string {
    return this.key('vectorSignatures', agentId, model);
  }

  /** Sorted set (score 0, read by member) of the ids whose vector hashes to `signature` in `band`. */
  vectorBucket(agentId: string, model: string, band: number, signature: string): string {
    return this.key('vectorBucket', agentId, model, band, signature);
  }

  /** Sorted set of one term's postings in an agent scope: document id → term frequency. */
  lexicalPostings(agentId: string, term: string): string {
    return this.key('lexicalPostings', agentId, term);
  }

  /** Hash: document id → its terms as JSON `[[term, frequency], …]`, what a re-add must take back. */
  lexicalDocuments(agentId: string): string {
    return this.key('lexicalDocuments', agentId);
  }

  /** Hash: document id → length in terms (BM25's `|D|`). */
  lexicalLengths(agentId: string): string {
    return this.key('lexicalLengths', agentId);
  }

  /** Hash `{docs, length}`: the scope's document count and summed length (BM25's N and avgdl). */
  lexicalStats(agentId: string): string {
    return this.key('lexicalStats', agentId);
  }

  /** Sorted set of an agent scope's Summary node ids, by the newest occurred ms they cover (the nodes are `node(id)`). */
  summaryIndex(agentId: string): string {
    return this.key('summaryIndex', agentId);
  }

  /** Set of the agent ids of this partition that consolidation has counted events for (what its schedule walks). */
  get consolidationAgents(): string {
    return this.key('consolidationAgents');
  }

  /** Hash `{sum, seq, reflected_seq}`: importance summed since the scope's last reflection, and count marks. */
  reflection(agentId: string): string {
    return this.key('reflection', agentId);
  }

  /** Sorted set: event id → the count mark (`seq`) it was counted at; what makes counting a redelivered id a no-op. */
  reflectionCounted(agentId: string): string {
    return this.key('reflectionCounted', agentId);
  }

  /** Hash: session id → change mark, for sessions with events no summary covers yet. */
  dirtySessions(agentId: string): string {
    return this.key('dirtySessions', agentId);
  }

  /** Set of every session id the agent scope has had events in (what a full pass consolidates). */
  consolidationSessions(agentId: string): string {
    return this.key('consolidationSessions', agentId);
  }

  /** String: the token of the replica consolidating the agent scope, with an expiry (SET NX PX). */
  consolidationLock(agentId: string): string {
    return this.key('consolidationLock', agentId);
  }
}

/** The keys of one graph node: its hash and its out/in edge hashes. */
export interface NodeKeys {
  node: string;
  out: string;
  in: string;
}

function missingId(kind: PartitionKeyKind): never {
  throw new Error(`key ${kind} takes more ids`);
}

export function parsePartitionMember(member: string): PartitionRef | null {
  const at = member.lastIndexOf(':');
  const partition = Number(member.slice(at + 1));
  if (at <= 0 || !Number.isInteger(partition)) return null;
  return { tenant: member.slice(0, at), partition };
}

export function partitionMember(scope: PartitionRef): string {
  return `${scope.tenant}:${scope.partition}`;
}
