// Memory phase of the scale benchmark: bytes every key of the bench's prefix holds in Redis
// (`MEMORY USAGE <key> SAMPLES 0`, i.e. every element counted, over SCAN MATCH `<prefix>*`), grouped
// by what the key is (README "Key layout"), per ingested event — plus Redis's own `used_memory`
// against the reading taken before the size's stack started, for reference (it also counts
// allocator overhead, client buffers and whatever else shares the server).

/** Categories in report order — [id, label, keys]; `categorize` maps every key to one. */
export const CATEGORIES = [
  ['ledger', 'ledger', 'P:ledger, P:event:*, P:dedup, P:session:* (streams, order), P:session-agents'],
  ['graph', 'graph', 'P:graph:* (event, entity and summary nodes, edges, read indexes)'],
  ['vector', 'vector index', 'P:vec:*'],
  ['lexical', 'lexical index', 'P:lex:*'],
  ['streams', 'stage streams', 'P:stream:projected, P:stream:enriched, P:*:dlq, P:*:failures'],
  ['consolidation', 'consolidation', 'P:consolidation:*'],
  ['other', 'other', 'P:snapshot:*, <prefix>partitions, <prefix>rpc:*, …'],
];

/**
 * The category of a key of `prefix`. Partition keys are `<prefix>{<tenant>:<partition>}:<rest>`;
 * the first segment of `<rest>` decides (session ids may hold anything after it).
 */
export function categorize(key, prefix) {
  const local = key.slice(prefix.length);
  const tag = local.startsWith('{') ? local.indexOf('}:') : -1;
  if (tag < 0) return 'other';
  const rest = local.slice(tag + 2);
  if (rest === 'ledger') return 'ledger';
  if (rest.startsWith('ledger:') || rest.startsWith('stream:')) return 'streams'; // P:ledger:dlq / :failures, stage streams and theirs
  const head = rest.split(':', 1)[0];
  if (head === 'event' || head === 'dedup' || head === 'session' || head === 'session-agents') return 'ledger';
  if (head === 'graph') return 'graph';
  if (head === 'vec') return 'vector';
  if (head === 'lex') return 'lexical';
  if (head === 'consolidation') return 'consolidation';
  return 'other';
}

export async function usedMemory(redis) {
  const info = await redis.info('memory');
  return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
}

/** Bytes and key counts per category for every key of `prefix`, and `used_memory` less `baseline`. */
export async function measureMemory(redis, prefix, baseline) {
  const started = Date.now();
  const totals = Object.fromEntries(CATEGORIES.map(([c]) => [c, { bytes: 0, keys: 0 }]));
  const seen = new Set(); // SCAN may return a key twice
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    const keys = found.filter((key) => !seen.has(key));
    if (!keys.length) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) {
      seen.add(key);
      pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    }
    const replies = await pipeline.exec();
    keys.forEach((key, i) => {
      const [error, bytes] = replies[i];
      if (error) throw error;
      if (bytes === null) return; // expired or deleted since the scan returned it
      const total = totals[categorize(key, prefix)];
      total.bytes += Number(bytes);
      total.keys++;
    });
  } while (cursor !== '0');
  const bytes = Object.values(totals).reduce((s, t) => s + t.bytes, 0);
  const keys = Object.values(totals).reduce((s, t) => s + t.keys, 0);
  return { categories: totals, bytes, keys, usedMemoryDelta: (await usedMemory(redis)) - baseline, seconds: (Date.now() - started) / 1000 };
}

const MIB = 1024 * 1024;

/** One table: per category bytes per event, MiB and keys, after ingest | after the pass, and their ratio; then notes. */
export function reportMemory(events, afterIngest, afterPass, offsetDays, notes = []) {
  const cells = (bytes, keys = '') => `${(bytes / events).toFixed(0).padStart(9)} ${(bytes / MIB).toFixed(2).padStart(8)} ${String(keys).padStart(8)}`;
  const empty = `${'–'.padStart(9)} ${'–'.padStart(8)} ${'–'.padStart(8)}`;
  const ratio = (before, after) => (before > 0 ? `${(after / before).toFixed(2)}×` : after > 0 ? 'new' : '–').padStart(12);
  /** `read(m)` → [bytes, keys] of one measurement. */
  const row = (label, read) => {
    const [bytes, keys] = read(afterIngest);
    const after = afterPass && read(afterPass);
    console.log(`  ${label.padEnd(14)} ${cells(bytes, keys)} | ${after ? cells(...after) : empty} |${after ? ratio(bytes, after[0]) : ''}`);
  };
  const width = 27;
  console.log(`\n  memory — ${events} events ingested; MEMORY USAGE <key> SAMPLES 0 over every key of the prefix`);
  console.log(`  ${''.padEnd(14)} ${'after ingest'.padStart(width)} | ${`after pass at +${offsetDays} d`.padStart(width)} |`);
  console.log(`  ${''.padEnd(14)} ${'B/event'.padStart(9)} ${'MiB'.padStart(8)} ${'keys'.padStart(8)} | ${'B/event'.padStart(9)} ${'MiB'.padStart(8)} ${'keys'.padStart(8)} |${'after/before'.padStart(12)}`);
  for (const [c, label] of CATEGORIES) row(label, (m) => [m.categories[c].bytes, m.categories[c].keys]);
  row('total', (m) => [m.bytes, m.keys]);
  row('used_memory Δ', (m) => [m.usedMemoryDelta, '']);
  console.log('  used_memory Δ: Redis INFO memory against the reading taken before the size\'s stack started, for reference only (it also');
  console.log('    counts allocator overhead, client buffers and anything else on the server)');
  console.log('  categories, P = <prefix>{<tenant>:<partition>}:');
  for (const [, label, keys] of CATEGORIES) console.log(`    ${label.padEnd(14)} ${keys}`);
  console.log(`  reading every key took ${afterIngest.seconds.toFixed(1)} s${afterPass ? ` after ingest, ${afterPass.seconds.toFixed(1)} s after the pass` : ''}`);
  for (const note of notes) console.log(`  ${note}`);
}
