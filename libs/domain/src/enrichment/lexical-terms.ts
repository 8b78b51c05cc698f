/** Words shorter than this carry no meaning for term search ("a", "i"). */
const MIN_TERM_LENGTH = 2;

/**
 * English function words: in nearly every text, so they match everything and rank nothing — yet a
 * question is mostly made of them ("what was the …"). The usual IR stop list, not tuned to any data.
 */
const STOP_WORDS = new Set(`
about above after again against all am an and any are as at be because been before being below between both but by
can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves`.trim().split(/\s+/));

/**
 * The terms a text is indexed and searched under: lowercase runs of letters and digits, stop words
 * dropped. One rule for both sides, so a query finds what the index holds.
 */
export function lexicalTerms(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((t) => t.length >= MIN_TERM_LENGTH && !STOP_WORDS.has(t));
}
