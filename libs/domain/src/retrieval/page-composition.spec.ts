import { composePage } from './page-composition';

const ids = (list: { id: string }[]) => list.map((n) => n.id);
const nodes = (...list: string[]) => list.map((id) => ({ id }));

describe('composePage', () => {
  it('keeps at most a fifth of a page for summaries and entities, where they rank; the rest follow every event', () => {
    const ranked = nodes('entity:person:a', 'summary:session:s', 'e1', 'entity:place:b', 'e2', 'summary:episode:x', 'e3');
    expect(ids(composePage(ranked, 10))).toEqual(['entity:person:a', 'summary:session:s', 'e1', 'e2', 'e3', 'entity:place:b', 'summary:episode:x']);
  });

  it('leaves one place for context even on a small page, and changes nothing without context nodes', () => {
    expect(ids(composePage(nodes('summary:session:s', 'entity:person:a', 'e1'), 3))).toEqual(['summary:session:s', 'e1', 'entity:person:a']);
    expect(ids(composePage(nodes('e2', 'e1'), 20))).toEqual(['e2', 'e1']);
  });
});
