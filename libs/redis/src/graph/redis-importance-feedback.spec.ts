import Redis from 'ioredis';
import { AgentScope, projectEvent } from '@cg/domain';
import { KeySpace } from '../keys';
import { RedisEnrichmentStore } from '../enrichment/redis-enrichment-store';
import { deleteKeysWithPrefix, testRedisUrl, uniqueTestPrefix } from '../testing';
import { RedisGraphStore } from './redis-graph-store';
import { RedisImportanceFeedback } from './redis-importance-feedback';

const A: AgentScope = { tenant: 'default', partition: 0, agentId: 'agent-a' };
const B: AgentScope = { ...A, agentId: 'agent-b' };
let redis: Redis;
let prefix: string;
let graph: RedisGraphStore;
let enrichment: RedisEnrichmentStore;
let feedback: RedisImportanceFeedback;
let n = 0;
let f = 0;
/** A fresh feedback event id per call: each apply below is other feedback unless it says otherwise. */
const fid = () => `ffffffff-0000-5000-8000-${String(++f).padStart(12, '0')}`;

/** A projected Event node of the scope, enriched to `base` unless base is undefined. */
async function node(scope: AgentScope, base?: number, hint?: number): Promise<string> {
  const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const { node: projected, orderKey } = projectEvent({
    event_id: id, event_type: 'user.message', occurred_at: '2026-01-01T00:00:00Z', session_id: `s-${scope.agentId}`,
    agent_id: scope.agentId, trace_id: 't', payload_ref: 'r', global_position: `${n}-0`, ingested_at: '2026-01-01T00:00:00Z',
    ...(hint === undefined ? {} : { importance_hint: hint }),
  });
  await graph.projectEvent(scope, projected, orderKey);
  if (base !== undefined) await enrichment.saveEnrichment(scope, { eventId: id, keywords: [], entities: [], embeddingModel: 'm', importanceScore: base });
  return id;
}

const fields = (id: string) => redis.hmget(new KeySpace(prefix).of(A).node(id), 'importance_base', 'importance_feedback', 'importance_score');

beforeAll(() => {
  redis = new Redis(testRedisUrl());
  prefix = uniqueTestPrefix();
  const keys = new KeySpace(prefix);
  graph = new RedisGraphStore(redis, keys);
  enrichment = new RedisEnrichmentStore(redis, keys);
  feedback = new RedisImportanceFeedback(redis, keys);
});

afterAll(async () => {
  await deleteKeysWithPrefix(redis, prefix);
  await redis.quit();
});

describe('RedisImportanceFeedback', () => {
  it('moves importance ±1 within 1–10, keeping base and feedback apart', async () => {
    const [up, down, top, bottom] = [await node(A, 5), await node(A, 5), await node(A, 10), await node(A, 1)];
    const adjusted = await feedback.apply(A, fid(), new Map([[up, 1], [down, -1], [top, 1], [bottom, -1]] as const));
    expect(Object.fromEntries(adjusted)).toEqual({ [up]: 6, [down]: 4, [top]: 10, [bottom]: 1 });
    expect(await fields(up)).toEqual(['5', '1', '6']);
    expect(await fields(top)).toEqual(['10', '0', '10']);
    expect(Object.fromEntries(await feedback.apply(A, fid(), new Map([[top, -1]] as const)))).toEqual({ [top]: 9 });
  });

  it('survives re-enrichment: a new base is combined with the feedback already given', async () => {
    const id = await node(A, 5);
    await feedback.apply(A, fid(), new Map([[id, 1]] as const));
    await feedback.apply(A, fid(), new Map([[id, 1]] as const));
    await enrichment.saveEnrichment(A, { eventId: id, keywords: ['x'], entities: [], embeddingModel: 'm', importanceScore: 3 });
    expect(await fields(id)).toEqual(['3', '2', '5']);
    await enrichment.saveEnrichment(A, { eventId: id, keywords: ['x'], entities: [], embeddingModel: 'm', importanceScore: 9 });
    expect(await fields(id)).toEqual(['9', '2', '10']);
  });

  it('takes the projected score as base when feedback comes before enrichment', async () => {
    const id = await node(A, undefined, 7);
    expect(Object.fromEntries(await feedback.apply(A, fid(), new Map([[id, -1]] as const)))).toEqual({ [id]: 6 });
    expect(await fields(id)).toEqual(['7', '-1', '6']);
  });

  it('leaves unknown nodes and other agent scopes\' nodes alone', async () => {
    const foreign = await node(B, 5);
    const adjusted = await feedback.apply(A, fid(), new Map([[foreign, 1], ['00000000-0000-4000-8000-999999999999', 1]] as const));
    expect(adjusted.size).toBe(0);
    expect(await redis.hmget(new KeySpace(prefix).of(B).node(foreign), 'importance_feedback', 'importance_score')).toEqual([null, '5']);
    expect(await redis.exists(new KeySpace(prefix).of(A).node('00000000-0000-4000-8000-999999999999'))).toBe(0);
  });

  it('applies one feedback event once: the same id again changes nothing and reports the current scores', async () => {
    const [up, down] = [await node(A, 5), await node(A, 5)];
    const deltas = new Map([[up, 1], [down, -1]] as const);
    const once = await feedback.apply(A, 'feedback-1', deltas);
    expect(Object.fromEntries(once)).toEqual({ [up]: 6, [down]: 4 });
    const again = await feedback.apply(A, 'feedback-1', deltas);
    expect(Object.fromEntries(again)).toEqual({ [up]: 6, [down]: 4 });
    expect(await fields(up)).toEqual(['5', '1', '6']);
    expect(await fields(down)).toEqual(['5', '-1', '4']);
    expect(await redis.sismember(new KeySpace(prefix).of(A).feedbackApplied, 'feedback-1')).toBe(1);
  });

  it('applies two different feedback events on the same node both', async () => {
    const id = await node(A, 5);
    await feedback.apply(A, 'feedback-2', new Map([[id, 1]] as const));
    await feedback.apply(A, 'feedback-3', new Map([[id, 1]] as const));
    await feedback.apply(A, 'feedback-3', new Map([[id, 1]] as const));
    await feedback.apply(A, 'feedback-2', new Map([[id, 1]] as const));
    expect(await fields(id)).toEqual(['5', '2', '7']);
  });

  it('applies the same feedback event once under concurrent callers (API and projection racing)', async () => {
    const id = await node(A, 5);
    await Promise.all(Array.from({ length: 5 }, () => feedback.apply(A, 'feedback-4', new Map([[id, -1]] as const))));
    expect(await fields(id)).toEqual(['5', '-1', '4']);
  });
});
