/** What episode planning reads of an event (an Event node carries all of it). */
export interface EpisodeEvent {
  id: string;
  occurred_ms: number;
  trace_id: string;
  parent_event_id?: string;
}

export interface EpisodeSettings {
  /** A pause longer than this (between an event and the one before it) starts a new episode. */
  gapMs: number;
}

export const DEFAULT_EPISODE_GAP_MS = 30 * 60_000;

export const DEFAULT_EPISODE_SETTINGS: EpisodeSettings = { gapMs: DEFAULT_EPISODE_GAP_MS };

/** A coherent run of a session's events, oldest first; named after its first event. */
export interface Episode<T extends EpisodeEvent> {
  firstEventId: string;
  events: T[];
}

/** Chronological, then by id, so the same set of events always plans the same episodes. */
export function chronological<T extends EpisodeEvent>(events: T[]): T[] {
  return [...events].sort((a, b) => a.occurred_ms - b.occurred_ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * A session's events → episodes (SPEC §9, episode → session → agent). Events are taken in
 * occurred order; a new episode starts when the trace changes or the pause since the previous
 * event exceeds `gapMs` — except that an event whose parent is in the current episode stays in it,
 * so a causal chain is never cut. Duplicated ids count once. Pure and deterministic.
 */
export function planEpisodes<T extends EpisodeEvent>(events: T[], settings: EpisodeSettings = DEFAULT_EPISODE_SETTINGS): Episode<T>[] {
  const seen = new Set<string>();
  const unique = chronological(events).filter((e) => !seen.has(e.id) && seen.add(e.id));
  const episodes: Episode<T>[] = [];
  let current: Episode<T> | null = null;
  let members = new Set<string>();
  for (const event of unique) {
    const previous = current?.events[current.events.length - 1];
    const causal = event.parent_event_id !== undefined && members.has(event.parent_event_id);
    const breaks = !previous || event.trace_id !== previous.trace_id || event.occurred_ms - previous.occurred_ms > settings.gapMs;
    if (!current || (breaks && !causal)) {
      current = { firstEventId: event.id, events: [] };
      members = new Set();
      episodes.push(current);
    }
    current.events.push(event);
    members.add(event.id);
  }
  return episodes;
}
