import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The benchmark's modules are plain ES modules; Jest here runs CommonJS (swc), so they are run in a
// child `node` and their results come back as JSON.
const DIR = path.resolve(__dirname, '../bench/retrieval');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const IDENT = /^[A-Za-z0-9._:@/-]{1,256}$/;

function inNode<T = any>(body: string): T {
  const script = `import * as g from ${JSON.stringify(path.join(DIR, 'generator.mjs'))};
import * as m from ${JSON.stringify(path.join(DIR, 'metrics.mjs'))};
process.stdout.write(JSON.stringify(await (async () => { ${body} })()));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { maxBuffer: 64 << 20, encoding: 'utf8' }));
}

describe('retrieval benchmark generator', () => {
  const small = 'agents: 2, sessionsPerAgent: 4';
  const dev = inNode(`return g.generate({ seed: g.DEVELOPMENT_SEED, ${small} });`);

  it('is deterministic per seed (across processes) and differs between seeds', () => {
    expect(inNode(`return g.generate({ seed: g.DEVELOPMENT_SEED, ${small} });`)).toEqual(dev);
    const heldOut = inNode(`return g.generate({ seed: g.HELD_OUT_SEED, ${small} });`);
    expect(heldOut.events.map((e: any) => e.payload.text)).not.toEqual(dev.events.map((e: any) => e.payload.text));
    expect(new Set(heldOut.events.map((e: any) => e.event_id).filter((id: string) => dev.events.some((e: any) => e.event_id === id))).size).toBe(0);
  });

  it('emits valid SPEC §3 envelopes in the past, with unique ids', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(new Set(dev.events.map((e: any) => e.event_id)).size).toBe(dev.events.length);
    for (const e of dev.events) {
      expect(e.event_id).toMatch(UUID);
      expect(e.event_type).toMatch(TYPE);
      for (const field of ['session_id', 'agent_id', 'trace_id']) expect(e[field]).toMatch(IDENT);
      expect(Date.parse(e.occurred_at)).toBeLessThan(now);
      expect(e.occurred_at).toBe(new Date(e.occurred_at).toISOString());
      expect(typeof e.payload.text).toBe('string');
      expect(e.payload_ref).toBeTruthy();
      if (e.ended_at) expect(Date.parse(e.ended_at)).toBeGreaterThanOrEqual(Date.parse(e.occurred_at));
      if (e.status) expect(['pending', 'running', 'completed', 'failed', 'timeout']).toContain(e.status);
    }
  });

  it('links causal chains to parents that exist earlier in the same session, with failures retried', () => {
    const byId = new Map(dev.events.map((e: any) => [e.event_id, e]));
    const children = dev.events.filter((e: any) => e.parent_event_id);
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      const parent: any = byId.get(child.parent_event_id);
      expect(parent).toBeDefined();
      expect(parent.session_id).toBe(child.session_id);
      expect(Date.parse(parent.occurred_at)).toBeLessThan(Date.parse(child.occurred_at));
    }
    const failed = dev.events.filter((e: any) => e.status === 'failed' || e.status === 'timeout');
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(children.some((c: any) => c.parent_event_id === f.event_id && c.event_type === 'agent.invoke')).toBe(true);
  });

  it('asks every question type, in the asking agent scope, with gold ids that exist there', () => {
    const byId = new Map(dev.events.map((e: any) => [e.event_id, e]));
    expect(new Set(dev.questions.map((q: any) => q.type))).toEqual(new Set(['who', 'what', 'when', 'why', 'related']));
    for (const q of dev.questions) {
      expect(q.gold.length).toBeGreaterThan(0);
      for (const id of q.gold) expect((byId.get(id) as any)?.agent_id).toBe(q.agent_id);
      expect(dev.events.some((e: any) => e.session_id === q.session_id && e.agent_id === q.agent_id)).toBe(true);
    }
  });

  it('makes facts change over time: each current answer supersedes earlier statements of its fact', () => {
    const at = new Map(dev.events.map((e: any) => [e.event_id, Date.parse(e.occurred_at)]));
    const current = dev.questions.filter((q: any) => q.kind.startsWith('current-'));
    expect(new Set(current.map((q: any) => q.kind))).toEqual(new Set(['current-location', 'current-date', 'current-owner']));
    for (const q of current) {
      expect(q.stale.length).toBeGreaterThan(0);
      for (const id of q.stale) expect(at.get(id)).toBeLessThan(at.get(q.gold[0]) as number);
    }
  });
});

describe('retrieval benchmark metrics', () => {
  it('computes recall@k, reciprocal rank and per-type means as by hand', () => {
    const out = inNode(`
      const ranked = ['a', 'x', 'b', 'y', 'z', 'c'];
      return {
        r5: m.recallAt(ranked, ['a', 'b', 'c', 'd'], 5),   // a, b in the top 5 of 4 gold → 0.5
        r10: m.recallAt(ranked, ['a', 'b', 'c', 'd'], 10), // a, b, c → 0.75
        rr: m.reciprocalRank(ranked, ['b', 'c']),          // first gold at rank 3 → 1/3
        none: m.reciprocalRank(ranked, ['q']),
        summary: m.summarize([
          { type: 'who', ranked: ['g1'], gold: ['g1'] },         // recall 1, rr 1
          { type: 'who', ranked: ['n', 'g2'], gold: ['g2', 'g3'] }, // recall 0.5, rr 0.5
          { type: 'why', ranked: [], gold: ['g4'] },             // recall 0, rr 0
        ]),
      };`);
    expect(out.r5).toBe(0.5);
    expect(out.r10).toBe(0.75);
    expect(out.rr).toBeCloseTo(1 / 3);
    expect(out.none).toBe(0);
    expect(out.summary.byType.who).toEqual({ n: 2, 'recall@5': 0.75, 'recall@10': 0.75, 'recall@20': 0.75, mrr: 0.75 });
    expect(out.summary.byType.why).toEqual({ n: 1, 'recall@5': 0, 'recall@10': 0, 'recall@20': 0, mrr: 0 });
    expect(out.summary.overall['recall@5']).toBeCloseTo(0.5);
    expect(out.summary.overall.mrr).toBeCloseTo(0.5);
  });

  it('ranks by BM25 with the service tokenizer (needs the built @cg/domain)', () => {
    // idf(apple) = ln 1.6; d1: tf 1, length 2 (average) → 1.0 × idf; d2: tf 2, length 3 → 1.21 × idf.
    const out = inNode(`const { Bm25 } = await import(${JSON.stringify(path.join(DIR, 'bm25.mjs'))});
      const index = new Bm25([{ id: 'd1', text: 'apple banana' }, { id: 'd2', text: 'Apple, apple cherry' }, { id: 'd3', text: "Maria's banana" }]);
      return { apple: index.search('APPLE?'), maria: index.search('maria'), none: index.search('kiwi'), top1: index.search('apple banana', 1) };`);
    expect(out).toEqual({ apple: ['d2', 'd1'], maria: ['d3'], none: [], top1: ['d1'] });
  });

  it('cuts recall at k', () => {
    const ranked = Array.from({ length: 25 }, (_, i) => `n${i}`);
    const out = inNode(`return m.scoreQuestion(${JSON.stringify(ranked)}, ['n4', 'n9', 'n19', 'n24']);`);
    expect(out).toEqual({ 'recall@5': 0.25, 'recall@10': 0.5, 'recall@20': 0.75, mrr: 0.2 });
  });
});
