import { EXTRACTIVE_MODEL, ExtractiveSummarizer, extractiveSummary } from './extractive-summarizer';
import { SummaryRequest, SummarySource } from './summarizer';

const T0 = Date.parse('2025-03-01T09:00:00Z');
const MIN = 60_000;

function source(id: string, minute: number, text: string, extra: Partial<SummarySource> = {}): SummarySource {
  return { id, text, occurredMs: T0 + minute * MIN, kind: 'agent.message', ...extra };
}

const deploy: SummaryRequest = {
  level: 'episode',
  sources: [
    source('e1', 0, 'User asked to deploy billing-service v2.3 to prod.', { kind: 'user.message', importance: 6 }),
    source('e2', 5, 'Agent started the deploy of billing-service v2.3. Build took 4 minutes.', { importance: 5 }),
    source('e3', 12, 'Deploy of billing-service v2.3 failed: migration 0042 timed out after 30 s.',
      { kind: 'tool.execute', importance: 9 }),
    source('e4', 20, 'Weather is sunny in Lisbon today.', { kind: 'user.message', importance: 2 }),
    source('e5', 42, 'Agent rolled back billing-service to v2.2 after the failed deploy.', { importance: 7 }),
  ],
};

function sentencesOfAll(request: SummaryRequest): string[] {
  return request.sources.flatMap((s) => s.text.split(/(?<=[.!?])\s+|\n/)).map((s) => s.trim());
}

describe('extractiveSummary', () => {
  it('opens with a header (count, first and last time in UTC) and keeps sentences in chronological order', () => {
    const text = extractiveSummary(deploy);
    const [header, ...lines] = text.split('\n');
    expect(header).toBe('5 events, 2025-03-01 09:00 – 2025-03-01 09:42 UTC:');
    expect(lines.length).toBeGreaterThan(1);
    const positions = lines.map((line) => sentencesOfAll(deploy).indexOf(line));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('never invents text: every line after the header is a sentence of a source', () => {
    const all = new Set(sentencesOfAll(deploy));
    for (const line of extractiveSummary(deploy).split('\n').slice(1)) expect(all.has(line)).toBe(true);
  });

  it('prefers central and important sentences: the failure in, the off-topic aside out', () => {
    const text = extractiveSummary(deploy, { maxChars: 200 });
    expect(text).toContain('migration 0042 timed out');
    expect(text).not.toContain('Lisbon');
    expect(text.length - text.indexOf('\n') - 1).toBeLessThanOrEqual(200);
  });

  it('respects the character budget', () => {
    for (const maxChars of [80, 150, 300, 600]) {
      const body = extractiveSummary(deploy, { maxChars }).split('\n').slice(1).join('\n');
      expect(body.length).toBeLessThanOrEqual(maxChars);
    }
  });

  it('is deterministic: same input, byte-identical output, whatever the source order', () => {
    const once = extractiveSummary(deploy);
    expect(extractiveSummary(structuredClone(deploy))).toBe(once);
    expect(extractiveSummary({ ...deploy, sources: [...deploy.sources].reverse() })).toBe(once);
  });

  it('skips a sentence that repeats a chosen one', () => {
    const repeated: SummaryRequest = {
      level: 'episode',
      sources: [1, 2, 3].map((i) => source(`r${i}`, i, 'Tool search_docs failed with HTTP 503.', { importance: 8 }))
        .concat(source('r9', 9, 'Agent answered from cache instead.')),
    };
    const lines = extractiveSummary(repeated).split('\n');
    expect(lines.filter((l) => l === 'Tool search_docs failed with HTTP 503.')).toHaveLength(1);
    expect(lines).toContain('Agent answered from cache instead.');
  });

  it('clips an over-long sentence at a word, and names one event at one time', () => {
    const long = `Traceback ${'frame '.repeat(100)}end`;
    const text = extractiveSummary({ level: 'episode', sources: [source('x', 3, long)] });
    const [header, line] = text.split('\n');
    expect(header).toBe('1 event, 2025-03-01 09:03 UTC:');
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(280);
    expect(long.startsWith(line.slice(0, -1))).toBe(true);
  });

  it('summarizes summaries without copying their headers', () => {
    const episode1 = extractiveSummary(deploy);
    const session: SummaryRequest = {
      level: 'session',
      sources: [
        { id: 's1', text: episode1, occurredMs: T0 + 42 * MIN, kind: 'summary', importance: 7 },
        { id: 's2', text: '2 events, 2025-03-01 10:00 – 2025-03-01 10:05 UTC:\nAgent re-ran migration 0042 with a 120 s timeout.',
          occurredMs: T0 + 65 * MIN, kind: 'summary' },
      ],
    };
    const text = extractiveSummary(session);
    expect(text.split('\n')[0]).toBe('2 summaries, 2025-03-01 09:42 – 2025-03-01 10:05 UTC:');
    expect(text.match(/ UTC:/g)).toHaveLength(1);
    expect(text).toContain('Agent re-ran migration 0042 with a 120 s timeout.');
  });

  it('counts events and summaries apart when both are summarized', () => {
    const text = extractiveSummary({
      level: 'agent',
      sources: [source('a', 0, 'Alpha shipped.'), { ...source('b', 1, 'Beta shipped.'), kind: 'summary' }],
    });
    expect(text.split('\n')[0]).toBe('1 event and 1 summary, 2025-03-01 09:00 – 2025-03-01 09:01 UTC:');
  });

  it('keeps only the header when no source has text, and refuses an empty request', () => {
    expect(extractiveSummary({ level: 'episode', sources: [source('a', 0, '  ')] })).toBe('1 event, 2025-03-01 09:00 UTC.');
    expect(() => extractiveSummary({ level: 'episode', sources: [] })).toThrow(RangeError);
  });
});

describe('ExtractiveSummarizer', () => {
  it('records the method and the algorithm version', async () => {
    const summary = await new ExtractiveSummarizer().summarize(deploy);
    expect(summary).toEqual({ text: extractiveSummary(deploy), method: 'extractive', model: EXTRACTIVE_MODEL });
    expect(EXTRACTIVE_MODEL).toBe('extractive-v1');
  });

  it('passes its options on', async () => {
    const summary = await new ExtractiveSummarizer({ maxChars: 80 }).summarize(deploy);
    expect(summary.text).toBe(extractiveSummary(deploy, { maxChars: 80 }));
  });
});
