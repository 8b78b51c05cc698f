import Redis from 'ioredis';
import { decodeKeySegment, keyContents } from '@cg/redis';

/** Access statistics (SPEC §4: a canonical dump leaves them out): reads bump them, replays do not. */
const ACCESS_FIELDS = new Set(['access_count', 'last_accessed_ms']);
/**
 * What a Summary node is compared by: what it covers (level, scope, `derived_from`, counts, time span,
 * importance), not its text — an LLM writes other words each time (SPEC §4) — nor when it was written
 * (`created_ms`), nor `sources_digest` (a digest of the source texts, summary texts included above
 * the episode level), nor what enrichment read from its text.
 */
const SUMMARY_FIELDS = new Set([
  'id', 'node_type', 'agent_id', 'session_id', 'level', 'method', 'model', 'derived_from', 'first_ms', 'occurred_ms', 'importance_score', 'source_count',
]);

const isSummary = (id: string) => id.startsWith('summary:');
/** An edge field `<TYPE>|<other id>` judged by what its text made: a summary's REFERENCES come from its words. */
const textDerivedEdge = (owner: string, field: string) => {
  const [type, other = ''] = field.split('|');
  return type !== 'SUMMARIZES' && (isSummary(owner) || isSummary(other));
};

type Entries = [string, string][];

export interface DumpOptions {
  /** Also the vector (`vec`) and lexical (`lex`) indexes, events' and entities' entries only (a summary's come from its text). */
  indexes?: boolean;
}

/**
 * A canonical dump of every graph key under a prefix, keyed by the key name without the prefix, so two
 * runs on two prefixes — or one graph before and after a replay — can be compared: every node (Event,
 * Entity, Summary) and edge (its out / in hashes, both ends) of every type, the session, agent, entity
 * and summary indexes, the feedback-applied set; access statistics left out, summaries compared by
 * their sources (see SUMMARY_FIELDS), edges a summary's text made left out.
 */
export async function dumpGraph(redis: Redis, prefix: string, options: DumpOptions = {}): Promise<Record<string, unknown>> {
  const dump = await keyContents(redis, prefix, '*:graph:*');
  if (options.indexes) {
    Object.assign(dump, await keyContents(redis, prefix, '*:vec:*'), await keyContents(redis, prefix, '*:lex:*'));
  }
  for (const [name, value] of Object.entries(dump)) {
    const graphNode = idIn(/:graph:node:([^:]+)$/, name);
    const edges = idIn(/:graph:(?:agent:[^:]+:)?(?:out|in):([^:]+)$/, name);
    if (graphNode !== undefined && isSummary(graphNode)) dump[name] = (value as Entries).filter(([field]) => SUMMARY_FIELDS.has(field));
    else if (/:node:/.test(name)) dump[name] = (value as Entries).filter(([field]) => !ACCESS_FIELDS.has(field));
    else if (edges !== undefined) dump[name] = (value as Entries).filter(([field]) => !textDerivedEdge(edges, field));
    else if (/:graph:agent:.+:refs:/.test(name)) dump[name] = withoutSummaryMembers(value as string[]);
    else if (/:(vec|lex):/.test(name)) {
      if (name.endsWith(':stats')) delete dump[name]; // sums over every document, summaries included
      else dump[name] = Array.isArray(value) && Array.isArray(value[0]) ? (value as Entries).filter(([field]) => !isSummary(field)) : withoutSummaryMembers(value as string[]);
    }
    if (Array.isArray(dump[name]) && (dump[name] as unknown[]).length === 0) delete dump[name];
  }
  return dump;
}

/** The id a key holds in its last segment (ids are encoded in keys: see @cg/redis keySegment). */
function idIn(pattern: RegExp, key: string): string | undefined {
  const segment = pattern.exec(key)?.[1];
  return segment === undefined ? undefined : decodeKeySegment(segment);
}

/** A zset's `[member, score, …]` (or a set's members) without the summaries' (entity refs are `<order>:<id>`). */
function withoutSummaryMembers(value: string[]): string[] {
  if (!Array.isArray(value)) return value;
  const pairs = value.length % 2 === 0 && value.every((v, i) => i % 2 === 0 || /^-?[\d.e+-]+$|^inf$/i.test(v));
  if (!pairs) return value.filter((m) => !/(^|:)summary:/.test(m));
  const out: string[] = [];
  for (let i = 0; i < value.length; i += 2) if (!/(^|:)summary:/.test(value[i])) out.push(value[i], value[i + 1]);
  return out;
}
