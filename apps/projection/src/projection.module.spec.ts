import 'reflect-metadata';
import Redis from 'ioredis';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { isDrained, LedgerEvent, PartitionRef, PROJECTED_STREAM, PROJECTION_STAGE } from '@cg/domain';
import { JsonLogger, Registry, StageWorker } from '@cg/platform';
import {
  deleteKeysWithPrefix, KeySpace, PartitionRegistry, readStageStatus, RedisEventLedger, RedisGraphStore, testRedisUrl, uniqueTestPrefix,
} from '@cg/redis';
import { loadProjectionConfig } from './config';
import { ProjectionModule } from './projection.module';

const SCOPE: PartitionRef = { tenant: 'default', partition: 0 };
const BASE = Date.parse('2026-11-26T12:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let redis: Redis;
let prefix: string;
let keys: KeySpace;
let app: INestApplicationContext | undefined;
let registry: Registry;

beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
beforeEach(() => {
  prefix = uniqueTestPrefix();
  keys = new KeySpace(prefix);
  registry = new Registry();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await deleteKeysWithPrefix(redis, prefix);
});
afterAll(() => redis.quit());

async function startApp(): Promise<INestApplicationContext> {
  const config = loadProjectionConfig({
    REDIS_URL: testRedisUrl(), KEY_PREFIX: prefix, PROJECTION_PORT: '0', CONSUMER_NAME: 'test-worker',
    PROJECTION_BLOCK_MS: '100', PROJECTION_CLAIM_IDLE_MS: '300', PROJECTION_MAX_RETRIES: '2',
    PROJECTION_PARTITION_POLL_MS: '100', PROJECTION_STATUS_INTERVAL_MS: '100',
  });
  const logger = new JsonLogger('projection-test', 'error');
  app = await NestFactory.createApplicationContext(ProjectionModule.forRoot(config, logger, registry), { logger: false, abortOnError: false });
  return app;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const status = () => readStageStatus(redis, keys, SCOPE, PROJECTION_STAGE);

describe('projection worker (Nest application context)', () => {
  it('projects what is ingested into a newly registered partition, hands it on, and drains', async () => {
    const context = await startApp();
    const events: LedgerEvent[] = Array.from({ length: 30 }, (_, n) => ({
      event_id: id(n), event_type: 'agent.step', occurred_at: new Date(BASE + n * 1000).toISOString(),
      session_id: `s-${n % 3}`, agent_id: 'agent-a', trace_id: 't', payload_ref: `ref-${n}`,
      ...(n >= 3 ? { parent_event_id: id(n - 3) } : {}),
    })).reverse(); // children before parents
    await new PartitionRegistry(redis, keys).register(SCOPE);
    await new RedisEventLedger(redis, keys, 1).append('default', events, BASE);

    await waitFor(async () => isDrained([await status()]) && (await status()).last_delivered_id !== '0-0');
    const graph = new RedisGraphStore(redis, keys);
    expect(await graph.sessionNodeIds(SCOPE, 's-0')).toEqual(Array.from({ length: 10 }, (_, i) => id(i * 3)));
    const edges = await graph.edgesOf(SCOPE, events.map((e) => e.event_id));
    expect(new Set(edges.filter((e) => e.edge_type === 'CAUSED_BY').map((e) => e.source)).size).toBe(27);
    expect(await redis.xlen(keys.of(SCOPE).stream(PROJECTED_STREAM))).toBe(30);

    expect(await context.get(StageWorker).readiness()).toEqual({ ready: true, checks: { redis: 'ok', partitions: 1 } });
    await waitFor(async () => (await registry.metrics()).includes('cg_stage_lag_seconds{stage="projection",tenant="default",partition="0"} 0'));
    const metrics = await registry.metrics();
    expect(metrics).toContain('cg_projection_events_total{outcome="created"} 30');
    expect(metrics).toMatch(/cg_stage_batch_duration_seconds_count\{stage="projection"\} [1-9]/);
  });

  it('dead-letters a malformed ledger entry and keeps projecting the rest', async () => {
    await new PartitionRegistry(redis, keys).register(SCOPE);
    const ledgerKey = keys.of(SCOPE).stream(PROJECTION_STAGE.stream);
    const bad = await redis.xadd(ledgerKey, '*', 'not_an_event', 'x');
    await new RedisEventLedger(redis, keys, 1).append('default', [{
      event_id: id(1), event_type: 'agent.step', occurred_at: new Date(BASE).toISOString(),
      session_id: 's', agent_id: 'agent-a', trace_id: 't', payload_ref: 'r',
    }], BASE);
    await startApp();

    const dlq = keys.of(SCOPE).deadLetters(PROJECTION_STAGE.stream);
    await waitFor(async () => (await redis.xlen(dlq)) === 1 && isDrained([await status()]));
    const [[, fields]] = await redis.xrange(dlq, '-', '+');
    expect(fields).toEqual(expect.arrayContaining(['original_id', bad, 'error', `ledger entry ${bad} has no event_id`]));
    expect((await status()).dead_lettered).toBe(1);
    expect(await new RedisGraphStore(redis, keys).sessionNodeIds(SCOPE, 's')).toEqual([id(1)]);
  });
});
