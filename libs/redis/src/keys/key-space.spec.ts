import Redis from 'ioredis';
import { testRedisUrl } from '../testing';
import { KeySpace } from './key-space';
import { ID_SLOT, PARTITION_LAYOUT, PartitionKeyKind, slotsOf, STREAM_SUFFIXES } from './layout';
import { luaKeys } from './lua-keys';
import { decodeKeySegment, keySegment } from './segment';

/** SPEC §3's id alphabet, plus what an entity name or a model name may hold beyond it. */
const ALPHABET = [...'ABCXYZabcxyz0189._:@/-'];
const EXOTIC = ['%', '%3A', 'é', '日本', '{', '}', '*', ' ', '|'];
/** Every literal segment of the layout: ids made of them are the ones that collided before ids were encoded. */
const LITERALS = [...new Set(Object.values(PARTITION_LAYOUT).flatMap(({ path }) => path.split(':')).filter((s) => s !== ID_SLOT))];
const KINDS = Object.keys(PARTITION_LAYOUT) as PartitionKeyKind[];
const ATOMS = ['a', 's1', 'x', '0'];
const STREAMS = ['ledger', 'stream:projected', 'stream:enriched'];
const STREAM_KINDS = ['stream', ...Object.keys(STREAM_SUFFIXES)] as const;

/** A small seeded PRNG (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Ids drawn so that the same few atoms recur — joined with `:` to each other and to the layout's own
 * literals — since a collision needs two tuples whose ids differ only by where a `:` falls.
 */
function ids(next: () => number): () => string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const plain = () => Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(ALPHABET)).join('');
  return () => {
    const parts = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
      const r = next();
      return r < 0.3 ? pick(ATOMS) : r < 0.4 ? plain() : r < 0.85 ? pick(LITERALS) : pick(EXOTIC);
    });
    return parts.join(pick([':', ':', ':', '', '/']));
  };
}

interface Tuple {
  tenant: string;
  partition: number;
  kind: string;
  ids: string[];
}

function keyOf(space: KeySpace, t: Tuple): string {
  const k = space.of({ tenant: t.tenant, partition: t.partition });
  if (t.kind === 'stream') return k.stream(t.ids[0]);
  if (t.kind === 'deadLetters') return k.deadLetters(t.ids[0]);
  if (t.kind === 'failures') return k.failures(t.ids[0]);
  return k.key(t.kind as PartitionKeyKind, ...t.ids);
}

function tuples(seed: number, count: number): Tuple[] {
  const next = random(seed);
  const id = ids(next);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => {
    const tenant = next() < 0.8 ? pick(['default', 'a', 'a:0', 'x}y', 'e{f']) : id();
    const partition = Math.floor(next() * 3);
    if (next() < 0.1) return { tenant, partition, kind: pick(STREAM_KINDS), ids: [pick(STREAMS)] };
    const kind = pick(KINDS);
    return { tenant, partition, kind, ids: Array.from({ length: slotsOf(kind) }, id) };
  });
}

describe('keySegment', () => {
  it('keeps the readable ids readable and encodes the separator, braces, globs, % and non-ASCII bytes', () => {
    expect(keySegment('agent-1.v2@host/x')).toBe('agent-1.v2@host/x');
    expect(keySegment('s1:order')).toBe('s1%3Aorder');
    expect(keySegment('%3A')).toBe('%253A');
    expect(keySegment('{t}*?[]é')).toBe('%7Bt%7D%2A%3F%5B%5D%C3%A9');
    expect(keySegment(7)).toBe('7');
  });

  it('decodes back to the id', () => {
    const next = ids(random(7));
    for (let i = 0; i < 2_000; i++) {
      const id = next();
      expect(decodeKeySegment(keySegment(id))).toBe(id);
    }
  });
});

describe('the key layout', () => {
  const space = new KeySpace('cg:');

  it('keeps ids that spell key suffixes apart from those suffixes (the collisions seen before ids were encoded)', () => {
    const k = space.of({ tenant: 'default', partition: 0 });
    expect(k.sessionStream('s1:order')).not.toBe(k.sessionOrder('s1'));
    expect(k.graphAgent('a:entities')).not.toBe(k.entities('a'));
    expect(k.graphAgent('a:aliases')).not.toBe(k.entityAliases('a'));
    expect(k.graphAgent('a:summaries')).not.toBe(k.summaryIndex('a'));
    expect(k.entityNode('a:node:x', 'y')).not.toBe(k.entityNode('a', 'x:node:y'));
    expect(k.reflection('agents')).not.toBe(k.consolidationAgents);
    expect(space.of({ tenant: 'a:1', partition: 0 }).dedup).not.toBe(space.of({ tenant: 'a', partition: 1 }).dedup);
  });

  it('never gives two different (tenant, partition, kind, ids) the same key — a property over random ids of the whole alphabet', () => {
    const seen = new Map<string, string>();
    for (const tuple of tuples(20261204, 60_000)) {
      const key = keyOf(space, tuple);
      const name = JSON.stringify(tuple);
      const before = seen.get(key);
      if (before !== undefined && before !== name) throw new Error(`${key} is the key of both ${before} and ${name}`);
      seen.set(key, name);
    }
    expect(seen.size).toBeGreaterThan(30_000);
  });

  it('parses every key back to its one (tenant, partition, kind, ids): a key names exactly one thing', () => {
    for (const tuple of tuples(99, 20_000)) expect(parse(keyOf(space, tuple))).toEqual(tuple);
  });

  it('refuses a prefix that would break hash tags or SCAN patterns, and ids in the wrong number', () => {
    expect(() => new KeySpace('cg{x}:')).toThrow(/prefix/);
    expect(() => space.of({ tenant: 't', partition: 0 }).key('node')).toThrow(/takes more ids/);
    expect(() => space.of({ tenant: 't', partition: 0 }).key('dedup', 'x')).toThrow(/takes 0 ids, got 1/);
    expect(() => space.of({ tenant: 't', partition: 0 }).stream('session:x')).toThrow(/not a stage stream/);
  });
});

describe('the Lua key builders', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(() => redis.quit());

  const BUILD = `${luaKeys(...KINDS)}
local K = keysOf(ARGV[1])
if ARGV[2] == 'nodeKeys' then return {K.nodeKeys(ARGV[3], ARGV[4])} end
return K[ARGV[2]](unpack(ARGV, 3))`;

  it('build every kind exactly as PartitionKeys does, for ids of any bytes', async () => {
    const space = new KeySpace('cgt-lua:');
    const cases = tuples(5, 3_000).filter((t) => t.kind in PARTITION_LAYOUT);
    const pipeline = redis.pipeline();
    for (const t of cases) pipeline.eval(BUILD, 0, space.of(t).base, t.kind, ...t.ids);
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([error, key], i) => {
      expect(error).toBeNull();
      expect(key).toBe(keyOf(space, cases[i]));
    });
  });

  it('route node ids as PartitionKeys.nodeKeys does (entities under their agent scope)', async () => {
    const k = new KeySpace('cgt-lua:').of({ tenant: 'default', partition: 0 });
    for (const id of ['0b5e-event', 'summary:session:s:1', 'entity:person:maria-lopez']) {
      const expected = k.nodeKeys('agent:1', id);
      expect(await redis.eval(BUILD, 0, k.base, 'nodeKeys', 'agent:1', id)).toEqual([expected.node, expected.out, expected.in]);
    }
  });
});

/** Reads a key back by the layout: the partition base, then the one path whose literals match, ids decoded. */
function parse(key: string): Tuple {
  const match = /^cg:\{([^:}]*):(\d+)\}:(.*)$/.exec(key);
  if (!match) throw new Error(`${key} has no partition base`);
  const [, tenant, partition, rest] = match;
  const segments = rest.split(':');
  const found: Tuple[] = [];
  for (const kind of KINDS) {
    const path = PARTITION_LAYOUT[kind].path.split(':');
    if (path.length !== segments.length || !path.every((p, i) => p === ID_SLOT || p === segments[i])) continue;
    found.push({ tenant: decodeKeySegment(tenant), partition: Number(partition), kind, ids: segments.filter((_, i) => path[i] === ID_SLOT).map(decodeKeySegment) });
  }
  for (const name of STREAMS) {
    for (const [kind, suffix] of [['stream', ''], ['deadLetters', ':dlq'], ['failures', ':failures']]) {
      if (rest === name + suffix) found.push({ tenant: decodeKeySegment(tenant), partition: Number(partition), kind, ids: [name] });
    }
  }
  if (found.length !== 1) throw new Error(`${key} parses as ${found.length} keys: ${JSON.stringify(found)}`);
  return found[0];
}
