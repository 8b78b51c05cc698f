import { lexicalTerms } from '@cg/domain';
import stem from 'wink-porter2-stemmer';

/** Stems of recent words; a scope's vocabulary is small next to its texts, so most lookups hit. */
const STEM_CACHE_LIMIT = 50_000;
const cache = new Map<string, string>();

/**
 * The lexical terms of a text, stemmed with Porter2 (the English Snowball stemmer): inflections and
 * most derivations meet ("camping", "camped" → "camp"; "researching", "research" → "research").
 * Tokens that are not plain lowercase words (numbers, other scripts) are kept as they are. (Indexing
 * each word beside its stem measured no better, doubled the index and every query's postings reads,
 * and let a rare exact spelling of one query word outrank documents matching all of them.)
 */
export function stemmedTerms(text: string): string[] {
  return lexicalTerms(text).map(stemOf);
}

function stemOf(term: string): string {
  let stemmed = cache.get(term);
  if (stemmed === undefined) {
    stemmed = /^[a-z]+$/.test(term) ? stem(term) : term;
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(term, stemmed);
  }
  return stemmed;
}
