/** Words shorter than this carry no meaning for term search ("a", "i"). */
const MIN_TERM_LENGTH = 2;

/**
 * The terms a text is indexed and searched under: lowercase runs of letters and digits. One rule for
 * both sides, so a query finds what the index holds.
 */
export function lexicalTerms(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length >= MIN_TERM_LENGTH);
}
