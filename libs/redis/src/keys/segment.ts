/**
 * Ids are data, never key syntax (SPEC §4): every id that goes into a key becomes one segment that
 * holds no `:` (the separator), no `{` `}` (hash tags) and no glob characters (SCAN patterns), by
 * percent-encoding each UTF-8 byte outside a small safe set — `%` included, so decoding is unique and
 * two different ids never make the same segment. Ids of the §3 alphabet other than `:` stay readable.
 */
const SAFE_ONLY = /^[A-Za-z0-9._@/-]*$/;
const SAFE_BYTE = /[A-Za-z0-9._@/-]/;

export function keySegment(id: string | number): string {
  const text = String(id);
  if (SAFE_ONLY.test(text)) return text;
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    encoded += byte < 0x80 && SAFE_BYTE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

export function decodeKeySegment(segment: string): string {
  return segment.includes('%') ? decodeURIComponent(segment) : segment;
}

/** The same encoding inside Lua scripts, for keys a script finds only as it runs (neighbours, children). */
export const LUA_KEY_SEGMENT = `local function keySegment(id)
  return (string.gsub(id, '[^A-Za-z0-9._@/%-]', function(c) return string.format('%%%02X', string.byte(c)) end))
end`;
