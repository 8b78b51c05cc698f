// The baseline: plain in-process BM25 (Okapi, k1 1.2, b 0.75, idf = ln(1 + (N − df + 0.5) / (df + 0.5)))
// over the texts of one agent scope, tokenized by the service's own `lexicalTerms` (built @cg/domain).
import domain from '@cg/domain';

export class Bm25 {
  /** `docs`: `[{ id, text }]`; `ties`: `id` (ascending) or `order` (as the documents were given). */
  constructor(docs, { k1 = 1.2, b = 0.75, tokenize = domain.lexicalTerms, ties = 'id' } = {}) {
    Object.assign(this, { k1, b, tokenize, ties });
    this.order = new Map(docs.map(({ id }, index) => [id, index]));
    this.lengths = new Map();
    this.postings = new Map(); // term → Map(id → term frequency)
    for (const { id, text } of docs) {
      const terms = tokenize(text);
      this.lengths.set(id, terms.length);
      for (const term of terms) {
        if (!this.postings.has(term)) this.postings.set(term, new Map());
        const p = this.postings.get(term);
        p.set(id, (p.get(id) ?? 0) + 1);
      }
    }
    this.averageLength = [...this.lengths.values()].reduce((s, n) => s + n, 0) / (this.lengths.size || 1) || 1;
  }

  /** Ids by descending score (ties as constructed), at most `limit`; documents sharing no term are left out. */
  search(query, limit = 20) {
    const n = this.lengths.size;
    const scores = new Map();
    for (const term of new Set(this.tokenize(query))) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const idf = Math.log(1 + (n - postings.size + 0.5) / (postings.size + 0.5));
      for (const [id, tf] of postings) {
        const norm = this.k1 * (1 - this.b + (this.b * this.lengths.get(id)) / this.averageLength);
        scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (this.k1 + 1)) / (tf + norm));
      }
    }
    const tie = this.ties === 'order' ? (x, y) => this.order.get(x[0]) - this.order.get(y[0]) : (x, y) => (x[0] < y[0] ? -1 : 1);
    return [...scores].sort((x, y) => y[1] - x[1] || tie(x, y)).slice(0, limit).map(([id]) => id);
  }
}
