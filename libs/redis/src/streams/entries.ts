import { StreamEntry } from './types';

/** Raw `[id, [field, value, …]]` pairs as XREADGROUP / XAUTOCLAIM return them; fields are null for deleted entries. */
export type RawEntry = [string, string[] | null];

export interface ParsedEntries {
  entries: StreamEntry[];
  /** Ids still pending whose entries were trimmed away: nothing left to process, only to ack. */
  deleted: string[];
}

export function parseEntries(raw: RawEntry[]): ParsedEntries {
  const entries: StreamEntry[] = [];
  const deleted: string[] = [];
  for (const [id, flat] of raw) {
    if (!flat) {
      deleted.push(id);
      continue;
    }
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i]] = flat[i + 1];
    entries.push({ id, fields });
  }
  return { entries, deleted };
}

/** Milliseconds part of a stream id (`<ms>-<seq>`). */
export function entryIdMs(id: string): number {
  return Number(id.split('-')[0]);
}

/** Stream ids `<ms>-<seq>` compared numerically (both parts can pass 2^53). */
export function compareEntryIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}
