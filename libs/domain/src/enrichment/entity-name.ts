import { EntityType } from './ports';

/**
 * The normalized form of an entity name (SPEC §5): lowercase, possessives dropped ("'s", "’s", a
 * trailing "'"), punctuation dropped, words joined by "-". Hyphens, underscores and slashes separate
 * words rather than vanish, so "Jean-Luc" and "Jean Luc" meet.
 */
export function normalizeEntityName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s(?![\p{L}\p{N}])/gu, '')
    .replace(/(?<=s)['’](?![\p{L}\p{N}])/gu, '')
    .replace(/[-_/]+/g, ' ')
    .replace(/[^\p{L}\p{N}\s]+/gu, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .join('-');
}

/** `entity:<type>:<normalized name>` — one Entity node per name and type in an agent scope. */
export function entityId(type: EntityType, name: string): string {
  return `entity:${type}:${normalizeEntityName(name)}`;
}

/**
 * Alias keys of a name for resolution tier 2, the normalized name first. Case, punctuation and
 * possessives are folded by normalization; plurals by singularizing the last word, so "Acme Corp",
 * "ACME corp." and "Acme Corps" share the key "acme-corp".
 */
export function entityAliases(name: string): string[] {
  const normalized = normalizeEntityName(name);
  if (!normalized) return [];
  const words = normalized.split('-');
  words[words.length - 1] = singular(words[words.length - 1]);
  return [...new Set([normalized, words.join('-')])];
}

/** English plural folding, conservative: "ss", "us" and "is" endings are not plurals ("class", "status", "analysis"). */
function singular(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || /(ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
