import { lexicalTerms } from '../enrichment/lexical-terms';
import { Summarizer, SummaryRequest, SummarySource, SummaryText } from './summarizer';

/** Recorded as the Summary node's `model`; bump the version whenever the output for an input changes. */
export const EXTRACTIVE_MODEL = 'extractive-v1';

export interface ExtractiveOptions {
  /** Characters of selected sentences (newlines between them included), the header excluded. */
  maxChars?: number;
}

export const DEFAULT_EXTRACTIVE_MAX_CHARS = 600;

/** A longer sentence (a stack trace, a JSON dump) is cut at a word boundary, marked with "…". */
const MAX_SENTENCE_CHARS = 280;
/** Source importance (1–10) adds up to this much to a sentence's centrality (cosine, 0–1). */
const IMPORTANCE_WEIGHT = 0.5;
const DEFAULT_IMPORTANCE = 5;
/** A candidate sharing this much of its terms (Jaccard) with a chosen sentence adds nothing new. */
const REDUNDANT_JACCARD = 0.7;
/** The header line this summarizer writes; dropped when a summary is itself summarized. */
const HEADER_LINE = /^\d+ (events?|summary|summaries)( and \d+ (summary|summaries))?, .*:$/;

interface Sentence {
  text: string;
  /** Position in chronological order (sources oldest first, then sentences as written). */
  order: number;
  importance: number;
  counts: Map<string, number>;
  terms: Set<string>;
  score: number;
}

/**
 * Deterministic extractive summary (SPEC §9, the fallback when no LLM is configured). It never
 * writes a word of its own beyond the header: every line after it is a sentence of a source.
 *
 * 1. Sources are put in chronological order (occurredMs, then id), split into sentences (line
 *    breaks and `.`/`!`/`?` followed by a space); over-long sentences are clipped at a word.
 * 2. The centroid counts, for each term (`lexicalTerms`, stop words dropped), how many sources use
 *    it — what the set as a whole is about.
 * 3. A sentence scores the cosine of its term counts with the centroid, plus
 *    `0.5 × importance / 10` of its source (failures rank high; default importance 5).
 * 4. Sentences are taken best first (ties: earlier first) while they fit `maxChars` (default 600),
 *    skipping any that mostly repeat a chosen one (term Jaccard ≥ 0.7, or the same text).
 * 5. The chosen sentences are printed in chronological order, one per line, under a header such as
 *    `4 events, 2025-03-01 09:00 – 2025-03-01 09:42 UTC:`.
 *
 * Only integer counts and fixed-order float sums are involved: the same request always gives the
 * byte-identical text, whatever order its sources came in.
 */
export function extractiveSummary(request: SummaryRequest, options: ExtractiveOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_EXTRACTIVE_MAX_CHARS;
  if (request.sources.length === 0) throw new RangeError('extractiveSummary: nothing to summarize (no sources)');
  const sources = chronological(request.sources);
  const header = headerOf(sources);

  const centroid = new Map<string, number>();
  const sentences: Sentence[] = [];
  for (const source of sources) {
    const seen = new Set<string>();
    const importance = clamp(source.importance ?? DEFAULT_IMPORTANCE, 0, 10);
    for (const text of sentencesOf(source)) {
      const counts = termCounts(text);
      for (const term of counts.keys()) seen.add(term);
      sentences.push({ text, order: sentences.length, importance, counts, terms: new Set(counts.keys()), score: 0 });
    }
    for (const term of seen) centroid.set(term, (centroid.get(term) ?? 0) + 1);
  }
  const centroidNorm = Math.sqrt(sumOfSquares(centroid));

  for (const sentence of sentences) {
    let dot = 0;
    for (const [term, count] of sentence.counts) dot += count * (centroid.get(term) ?? 0);
    const norm = Math.sqrt(sumOfSquares(sentence.counts)) * centroidNorm;
    sentence.score = (norm > 0 ? dot / norm : 0) + (IMPORTANCE_WEIGHT * sentence.importance) / 10;
  }

  const chosen: Sentence[] = [];
  let used = 0;
  const ranked = [...sentences].sort((a, b) => b.score - a.score || a.order - b.order);
  for (const candidate of ranked) {
    const cost = candidate.text.length + (chosen.length > 0 ? 1 : 0);
    if (used + cost > maxChars) continue;
    if (chosen.some((c) => redundant(c, candidate))) continue;
    chosen.push(candidate);
    used += cost;
  }
  if (chosen.length === 0) return header.replace(/:$/, '.');
  chosen.sort((a, b) => a.order - b.order);
  return `${header}\n${chosen.map((c) => c.text).join('\n')}`;
}

/** The `Summarizer` port over `extractiveSummary`: no I/O, never fails on a non-empty request. */
export class ExtractiveSummarizer implements Summarizer {
  constructor(private readonly options: ExtractiveOptions = {}) {}

  async summarize(request: SummaryRequest): Promise<SummaryText> {
    return { text: extractiveSummary(request, this.options), method: 'extractive', model: EXTRACTIVE_MODEL };
  }
}

function chronological(sources: SummarySource[]): SummarySource[] {
  return [...sources].sort((a, b) => a.occurredMs - b.occurredMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function headerOf(sources: SummarySource[]): string {
  const summaries = sources.filter((s) => s.kind === 'summary').length;
  const events = sources.length - summaries;
  const parts: string[] = [];
  if (events > 0) parts.push(`${events} ${events === 1 ? 'event' : 'events'}`);
  if (summaries > 0) parts.push(`${summaries} ${summaries === 1 ? 'summary' : 'summaries'}`);
  const first = minuteOf(sources[0].occurredMs);
  const last = minuteOf(sources[sources.length - 1].occurredMs);
  return `${parts.join(' and ')}, ${first === last ? first : `${first} – ${last}`} UTC:`;
}

/** `YYYY-MM-DD HH:MM` in UTC: the same text on every machine, whatever its locale or zone. */
function minuteOf(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : 'unknown time';
}

function sentencesOf(source: SummarySource): string[] {
  let lines = source.text.split(/\r?\n/);
  if (source.kind === 'summary' && HEADER_LINE.test(lines[0]?.trim() ?? '')) lines = lines.slice(1);
  return lines
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0)
    .map(clip);
}

function clip(sentence: string): string {
  if (sentence.length <= MAX_SENTENCE_CHARS) return sentence;
  const cut = sentence.slice(0, MAX_SENTENCE_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_SENTENCE_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of lexicalTerms(text)) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function sumOfSquares(values: Map<string, number>): number {
  let sum = 0;
  for (const v of values.values()) sum += v * v;
  return sum;
}

function redundant(a: Sentence, b: Sentence): boolean {
  if (a.text.toLowerCase() === b.text.toLowerCase()) return true;
  if (a.terms.size === 0 || b.terms.size === 0) return false;
  let shared = 0;
  for (const term of a.terms) if (b.terms.has(term)) shared++;
  return shared / (a.terms.size + b.terms.size - shared) >= REDUNDANT_JACCARD;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : DEFAULT_IMPORTANCE;
}
