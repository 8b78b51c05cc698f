import { mmr, MMR_LAMBDA } from './mmr';

interface Doc {
  id: string;
  relevance: number;
  /** Items of one topic are near-duplicates of each other. */
  topic: string;
}

const relevance = (doc: Doc) => doc.relevance;
const similarity = (a: Doc, b: Doc) => (a.topic === b.topic ? 0.95 : 0.1);
const ids = (docs: Doc[]) => docs.map((doc) => doc.id);

const DOCS: Doc[] = [
  { id: 'deploy-1', relevance: 0.9, topic: 'deploy' },
  { id: 'deploy-2', relevance: 0.88, topic: 'deploy' },
  { id: 'deploy-3', relevance: 0.87, topic: 'deploy' },
  { id: 'config', relevance: 0.7, topic: 'config' },
  { id: 'oncall', relevance: 0.6, topic: 'oncall' },
];

describe('mmr', () => {
  it('uses λ = 0.7 by default', () => {
    expect(MMR_LAMBDA).toBe(0.7);
    expect(mmr(DOCS, relevance, similarity, 5)).toEqual(mmr(DOCS, relevance, similarity, 5, 0.7));
  });

  it('prefers diverse items over near-duplicates of a pick at λ = 0.7', () => {
    // After deploy-1: deploy-2 scores 0.7·0.88 − 0.3·0.95 = 0.331, config 0.7·0.7 − 0.3·0.1 = 0.46.
    expect(ids(mmr(DOCS, relevance, similarity, 3))).toEqual(['deploy-1', 'config', 'oncall']);
    expect(ids(mmr(DOCS, relevance, similarity, 5))).toEqual(['deploy-1', 'config', 'oncall', 'deploy-2', 'deploy-3']);
  });

  it('is plain relevance order at λ = 1', () => {
    expect(ids(mmr(DOCS, relevance, similarity, 5, 1))).toEqual(['deploy-1', 'deploy-2', 'deploy-3', 'config', 'oncall']);
    const shuffled = [DOCS[3], DOCS[1], DOCS[4], DOCS[0], DOCS[2]];
    expect(ids(mmr(shuffled, relevance, similarity, 5, 1))).toEqual(['deploy-1', 'deploy-2', 'deploy-3', 'config', 'oncall']);
  });

  it('is pure diversity at λ = 0 once the first item is picked', () => {
    // The first pick has no redundancy, so all tie at 0 and input order decides.
    expect(ids(mmr(DOCS, relevance, similarity, 3, 0))).toEqual(['deploy-1', 'config', 'oncall']);
  });

  it('penalizes by the closest pick, not the sum over picks', () => {
    const sim = (a: Doc, b: Doc) => (a.topic === b.topic ? 0.9 : a.id === 'x' || b.id === 'x' ? 0.5 : 0);
    const docs: Doc[] = [
      { id: 'a', relevance: 1, topic: 'a' },
      { id: 'b', relevance: 0.9, topic: 'b' },
      { id: 'x', relevance: 0.8, topic: 'x' },
      { id: 'c', relevance: 0.55, topic: 'c' },
    ];
    // Third pick: x = 0.7·0.8 − 0.3·max(0.5, 0.5) = 0.41 (a sum would give 0.26); c = 0.7·0.55 = 0.385.
    expect(ids(mmr(docs, relevance, sim, 3))).toEqual(['a', 'b', 'x']);
  });

  it('breaks ties by input order', () => {
    const docs: Doc[] = [
      { id: 'first', relevance: 0.5, topic: 'p' },
      { id: 'second', relevance: 0.5, topic: 'q' },
      { id: 'third', relevance: 0.5, topic: 'r' },
    ];
    expect(ids(mmr(docs, relevance, similarity, 3))).toEqual(['first', 'second', 'third']);
    expect(ids(mmr([...docs].reverse(), relevance, similarity, 3))).toEqual(['third', 'second', 'first']);
  });

  it('returns at most `limit` items and each candidate at most once', () => {
    expect(mmr(DOCS, relevance, similarity, 2)).toHaveLength(2);
    expect(mmr(DOCS, relevance, similarity, 50)).toHaveLength(DOCS.length);
    expect(new Set(mmr(DOCS, relevance, similarity, 50)).size).toBe(DOCS.length);
    expect(mmr(DOCS, relevance, similarity, 0)).toEqual([]);
    expect(mmr([], relevance, similarity, 5)).toEqual([]);
  });

  it('computes each relevance once and similarity only against picks', () => {
    const rel = jest.fn(relevance);
    const sim = jest.fn(similarity);
    mmr(DOCS, rel, sim, 3);
    expect(rel).toHaveBeenCalledTimes(DOCS.length);
    // After each of the 3 picks, once per remaining candidate: 4 + 3 + 2.
    expect(sim).toHaveBeenCalledTimes(9);
  });

  it('refuses λ outside [0, 1]', () => {
    expect(() => mmr(DOCS, relevance, similarity, 3, 1.1)).toThrow(RangeError);
    expect(() => mmr(DOCS, relevance, similarity, 3, -0.1)).toThrow(RangeError);
    expect(() => mmr(DOCS, relevance, similarity, 3, NaN)).toThrow(RangeError);
  });
});
