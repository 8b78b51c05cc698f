import { lexicalTerms } from '@cg/domain';
import stem from 'wink-porter2-stemmer';

/** Stems of recent words; a scope's vocabulary is small next to its texts, so most lookups hit. */
const STEM_CACHE_LIMIT = 50_000;
/** Stems are terms of their own, apart from words: `~paint` never meets the word `paint` itself. */
const STEM_MARK = '~';
const cache = new Map<string, string>();

/**
 * The lexical terms of a text: each word, then its Porter2 stem (the English Snowball stemmer) as a
 * term of its own (`~camp`). Inflections and most derivations meet on the stem ("camping", "camped";
 * "researching", "research"), while a word spelled as in the query matches on both terms, so an exact
 * match outranks a mere relative — and every word counts twice, stemmed or not, so no word weighs more
 * for being changed by the stemmer. Tokens that are not plain lowercase words (numbers, other
 * scripts) are their own stems.
 */
export function stemmedTerms(text: string): string[] {
  return lexicalTerms(text).flatMap((term) => [term, STEM_MARK + stemOf(term)]);
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
