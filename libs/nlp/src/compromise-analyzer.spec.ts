import { entityId } from '@cg/domain';
import { CompromiseAnalyzer } from './compromise-analyzer';
import { STOP_WORDS } from './stop-words';

const MEETING = 'Maria Lopez from Acme Corp met John Smith in Berlin to discuss the quarterly budget for the new data pipeline.';

describe('CompromiseAnalyzer', () => {
  const analyzer = new CompromiseAnalyzer();

  it('finds people, organizations, places and topics, named as written', () => {
    expect(analyzer.analyze(MEETING).entities).toEqual([
      { name: 'Maria Lopez', type: 'person' },
      { name: 'Acme Corp', type: 'organization' },
      { name: 'John Smith', type: 'person' },
      { name: 'Berlin', type: 'place' },
      { name: 'data pipeline', type: 'topic' },
    ]);
  });

  it('keeps possessives and honorifics off names and lists each entity once', () => {
    const text = "Maria Lopez's team at Acme Corp. shipped it. Later Maria Lopez’s plan reached Dr. Jane Doe and James' team in New York City.";
    expect(analyzer.analyze(text).entities).toEqual([
      { name: 'Maria Lopez', type: 'person' },
      { name: 'Acme Corp', type: 'organization' },
      { name: 'Jane Doe', type: 'person' },
      { name: 'James', type: 'person' },
      { name: 'New York City', type: 'place' },
    ]);
  });

  it('gives the spellings of one name one entity id', () => {
    const ids = ['Maria Lopez called.', 'I talked to maria lopez yesterday.', "We met Maria Lopez's manager."].flatMap((text) =>
      analyzer.analyze(text).entities.map((e) => entityId(e.type, e.name)),
    );
    expect(new Set(ids)).toEqual(new Set(['entity:person:maria-lopez']));
  });

  it('splits names at commas', () => {
    const { entities } = analyzer.analyze('The team flew to Paris, Berlin and Madrid.');
    expect(entities.filter((e) => e.type === 'place').map((e) => e.name)).toEqual(['Paris', 'Berlin', 'Madrid']);
  });

  it('takes proper nouns and noun compounds as topics, capped by salience', () => {
    const text = 'The deployment failed because the Redis connection timed out. We use Kubernetes and PostgreSQL.';
    expect(analyzer.analyze(text).entities).toEqual([
      { name: 'Redis connection', type: 'topic' },
      { name: 'Kubernetes', type: 'topic' },
      { name: 'PostgreSQL', type: 'topic' },
    ]);
    expect(new CompromiseAnalyzer({ maxTopics: 1 }).analyze(text).entities).toEqual([{ name: 'Redis connection', type: 'topic' }]);
  });

  it('ranks keywords by salience: names and compounds first, then nouns, then verbs and adjectives', () => {
    expect(analyzer.analyze(MEETING).keywords).toEqual([
      'maria lopez', 'acme corp', 'john smith', 'berlin', 'data pipeline', 'budget', 'meet', 'discuss', 'quarterly', 'new',
    ]);
  });

  it('counts repeated words up and lemmatizes them', () => {
    const { keywords } = analyzer.analyze('A reply was sent. The invoices were late, the invoice is wrong, and the invoice total is disputed.');
    expect(keywords[0]).toBe('invoice');
    expect(keywords).not.toContain('invoices');
  });

  it('keeps keywords lowercase, unique, free of stop words, and capped (default 10)', () => {
    const text = `${MEETING} They also reviewed the hiring plan, the office lease, the marketing campaign and the travel policy because it was the end of the year.`;
    const { keywords } = analyzer.analyze(text);
    expect(keywords).toHaveLength(10);
    expect(new Set(keywords).size).toBe(keywords.length);
    for (const keyword of keywords) {
      expect(keyword).toBe(keyword.toLowerCase());
      for (const word of keyword.split(' ')) expect(STOP_WORDS.has(word)).toBe(false);
    }
    expect(new CompromiseAnalyzer({ maxKeywords: 3 }).analyze(text).keywords).toEqual(keywords.slice(0, 3));
  });

  it('reads words and names inside JSON payload text', () => {
    const { entities, keywords } = analyzer.analyze('tool.execute\nsearch_web\n{"query":"weather in Paris","results":3}');
    expect(entities).toEqual([{ name: 'Paris', type: 'place' }]);
    expect(keywords).toEqual(expect.arrayContaining(['paris', 'search_web', 'weather']));
    for (const keyword of keywords) expect(keyword).not.toMatch(/["{}:,]/);
  });

  it('drops stop words even where the tagger takes them for content words', () => {
    expect(analyzer.analyze('We made sure to get things done; they say it was used well, like many other things.').keywords).toEqual([]);
  });

  it('yields nothing for text without words', () => {
    expect(analyzer.analyze('')).toEqual({ entities: [], keywords: [] });
    expect(analyzer.analyze('!!! ... 42 ???')).toEqual({ entities: [], keywords: [] });
  });

  it('is deterministic, also across instances and after other texts', () => {
    const first = analyzer.analyze(MEETING);
    new CompromiseAnalyzer().analyze('Unrelated text about Tokyo and Sony.');
    expect(new CompromiseAnalyzer().analyze(MEETING)).toEqual(first);
    expect(analyzer.analyze(MEETING)).toEqual(first);
  });
});
