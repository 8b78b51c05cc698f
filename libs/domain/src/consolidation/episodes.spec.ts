import { DEFAULT_EPISODE_GAP_MS, EpisodeEvent, planEpisodes } from './episodes';

const MIN = 60_000;
const ev = (id: string, minute: number, trace = 't-1', parent?: string): EpisodeEvent => ({
  id, occurred_ms: minute * MIN, trace_id: trace, ...(parent ? { parent_event_id: parent } : {}),
});
const ids = (episodes: { events: EpisodeEvent[] }[]) => episodes.map((e) => e.events.map((x) => x.id));

describe('planEpisodes', () => {
  it('keeps one trace without long pauses together, in occurred order, named after its first event', () => {
    const episodes = planEpisodes([ev('c', 20), ev('a', 0), ev('b', 10)]);
    expect(ids(episodes)).toEqual([['a', 'b', 'c']]);
    expect(episodes[0].firstEventId).toBe('a');
  });

  it('starts a new episode when the trace changes', () => {
    expect(ids(planEpisodes([ev('a', 0), ev('b', 1), ev('c', 2, 't-2'), ev('d', 3, 't-2'), ev('e', 4)]))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('starts a new episode after a pause longer than the gap (default 30 min), and the gap is configurable', () => {
    expect(DEFAULT_EPISODE_GAP_MS).toBe(30 * MIN);
    expect(ids(planEpisodes([ev('a', 0), ev('b', 30), ev('c', 61)]))).toEqual([['a', 'b'], ['c']]);
    expect(ids(planEpisodes([ev('a', 0), ev('b', 30), ev('c', 61)], { gapMs: 10 * MIN }))).toEqual([['a'], ['b'], ['c']]);
  });

  it('never cuts a causal chain: a child of an event of the episode stays in it across a trace change or a pause', () => {
    const events = [ev('a', 0), ev('b', 1), ev('c', 2, 't-other', 'a'), ev('d', 90, 't-1', 'b'), ev('e', 200)];
    expect(ids(planEpisodes(events))).toEqual([['a', 'b', 'c', 'd'], ['e']]);
  });

  it('a parent in an earlier episode does not pull its child back', () => {
    expect(ids(planEpisodes([ev('a', 0), ev('b', 1, 't-2'), ev('c', 2, 't-3', 'a')]))).toEqual([['a'], ['b'], ['c']]);
  });

  it('is deterministic whatever the input order; ties broken by id; repeats count once', () => {
    const events = [ev('b', 5), ev('a', 5), ev('c', 6), ev('a', 5)];
    expect(ids(planEpisodes(events))).toEqual([['a', 'b', 'c']]);
    expect(planEpisodes([...events].reverse())).toEqual(planEpisodes(events));
    expect(planEpisodes([])).toEqual([]);
  });
});
