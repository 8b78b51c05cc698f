// The specified baseline (the data set's README): plain Okapi BM25 (k1 1.2, b 0.75, Lucene idf),
// lowercase `[a-z0-9]+` tokens, English stop words (NLTK's list), no stemming, over the same turns
// of the same conversation; equal scores keep turn order. It reproduces the README's figures
// (recall@5/10/20 0.503 / 0.569 / 0.635 on the two dev conversations).
import { Bm25 } from '../retrieval/bm25.mjs';

const STOP_WORDS = new Set(`i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself yourselves he
him his himself she she's her hers herself it it's its itself they them their theirs themselves what which who whom this that
that'll these those am is are was were be been being have has had having do does did doing a an the and but if or because as
until while of at by for with about against between into through during before after above below to from up down in out on
off over under again further then once here there when where why how all any both each few more most other some such no nor
not only own same so than too very s t can will just don don't should should've now d ll m o re ve y ain aren aren't couldn
couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't ma mightn mightn't mustn mustn't needn
needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won won't wouldn wouldn't`.split(/\s+/));

export function baselineTokens(text) {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((token) => !STOP_WORDS.has(token));
}

/** A BM25 index over one conversation's turns: `search(query, k)` → turn ids. */
export function baselineIndex(events, turnOf) {
  const index = new Bm25(events.map((e) => ({ id: turnOf.get(e.event_id), text: e.payload.text })), { tokenize: baselineTokens, ties: 'order' });
  return { search: (query, k) => index.search(query, k) };
}
