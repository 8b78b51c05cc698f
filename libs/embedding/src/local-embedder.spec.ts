import { LocalEmbedder, LOCAL_EMBEDDER_MODEL, contentWords } from './local-embedder';
import { cosine } from '@cg/domain';

describe('LocalEmbedder (offline fallback)', () => {
  const embedder = new LocalEmbedder();
  const embedPair = async (a: string, b: string) => {
    const [va, vb] = await embedder.embed([a, b]);
    return cosine(va, vb);
  };

  it('names itself and makes unit vectors of 384 dimensions', async () => {
    expect(embedder.model).toBe(LOCAL_EMBEDDER_MODEL);
    expect(embedder.dimension).toBe(384);
    const vectors = await embedder.embed(['The deployment failed.', '', '!!!']);
    for (const v of vectors) {
      expect(v).toHaveLength(384);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
  });

  it('puts near-paraphrases close together', async () => {
    expect(await embedPair(
      'The deployment to production failed because the database migration timed out.',
      'Deployment to production failed since the database migration timed out',
    )).toBeGreaterThanOrEqual(0.85);
    // Same content words in another order: bigrams differ, unigrams and trigrams carry it.
    expect(await embedPair(
      'Maria Lopez approved the pull request for the billing service',
      'The pull request for the billing service was approved by Maria Lopez',
    )).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps unrelated sentences apart', async () => {
    const unrelated: Array<[string, string]> = [
      ['The deployment to production failed because the database migration timed out.', 'Maria Lopez booked a flight to Lisbon for the conference.'],
      ['The cat sat on the warm windowsill all afternoon.', 'Quarterly revenue exceeded analyst expectations by twelve percent.'],
      ['User asked for a summary of the onboarding document.', 'The build cache was invalidated after upgrading TypeScript.'],
    ];
    for (const [a, b] of unrelated) expect(await embedPair(a, b)).toBeLessThan(0.3);
  });

  it('is deterministic across calls and instances', async () => {
    const text = 'Retry the payment webhook after the gateway returns 503.';
    const [a] = await embedder.embed([text]);
    const [b] = await new LocalEmbedder().embed([text]);
    expect(Array.from(b)).toEqual(Array.from(a));
    // Pinned: an algorithm change alters stored vectors, so it must come with a new model name.
    const nonZero = Array.from(a).map((x, i) => [i, Math.round(x * 1e6)]).filter(([, x]) => x !== 0);
    expect(nonZero).toHaveLength(46);
    expect(nonZero.slice(0, 5)).toEqual([[7, 198289], [23, -99144], [24, -99144], [36, -99144], [44, -99144]]);
  });

  it('normalizes words: case, accents, stopwords, plurals and -ed', () => {
    expect(contentWords('The Migrations FAILED at Café')).toEqual(['migration', 'fail', 'cafe']);
    expect(contentWords('to be or')).toEqual(['to', 'be', 'or']); // all stopwords: keep them
  });
});
