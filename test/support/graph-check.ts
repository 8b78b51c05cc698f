import Redis from 'ioredis';
import { KeySpace, RedisGraphStore } from '@cg/redis';
import { expectedEdges, TestEvent } from './events';

const SCOPE = { tenant: 'default', partition: 0 };

/** Edges per session, read straight from the graph store, as `TYPE source->target` sorted. */
export async function sessionEdges(redis: Redis, prefix: string, events: TestEvent[]): Promise<Map<string, string[]>> {
  const graph = new RedisGraphStore(redis, new KeySpace(prefix));
  const result = new Map<string, string[]>();
  for (const session of new Set(events.map((e) => e.session_id))) {
    const ids = await graph.sessionNodeIds(SCOPE, session);
    const edges = await graph.edgesOf(SCOPE, ids);
    result.set(session, [...new Set(edges.map((e) => `${e.edge_type} ${e.source}->${e.target}`))].sort());
  }
  return result;
}

/** How many Event nodes the graph holds for these events' sessions. */
export async function projectedNodeCount(redis: Redis, prefix: string, events: TestEvent[]): Promise<number> {
  const graph = new RedisGraphStore(redis, new KeySpace(prefix));
  let count = 0;
  for (const session of new Set(events.map((e) => e.session_id))) count += (await graph.sessionNodeIds(SCOPE, session)).length;
  return count;
}

export async function expectCompleteGraph(redis: Redis, prefix: string, events: TestEvent[]): Promise<void> {
  expect(await projectedNodeCount(redis, prefix, events)).toBe(events.length);
  expect(await sessionEdges(redis, prefix, events)).toEqual(expectedEdges(events));
}

export function partitionKeys(prefix: string) {
  return new KeySpace(prefix).of(SCOPE);
}
