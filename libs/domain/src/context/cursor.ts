/** A page cursor: which snapshot, and where the next page starts in it. Opaque to callers. */
export interface PageCursor {
  snapshot: string;
  offset: number;
}

export function encodeCursor(cursor: PageCursor): string {
  return btoa(JSON.stringify([cursor.snapshot, cursor.offset])).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null when the text is not a cursor this service issued. */
export function decodeCursor(text: string): PageCursor | null {
  try {
    const [snapshot, offset] = JSON.parse(atob(text.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof snapshot !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(snapshot)) return null;
    if (!Number.isInteger(offset) || offset < 0) return null;
    return { snapshot, offset };
  } catch {
    return null;
  }
}
