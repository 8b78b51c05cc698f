// Consolidation phase of the scale benchmark: the consolidation app, started on the built scope
// with its clock moved forward (CLOCK_OFFSET_MS) and a short schedule (CONSOLIDATION_INTERVAL_MS),
// counts every enriched event (reflection passes as the threshold is crossed), then its scheduler
// runs full passes over every scope. What a pass does — summaries, and whatever forgetting or
// retention the app applies at the time — is the app's; this phase only waits for it and stops it.
import { sleep } from './common.mjs';
import { AGENT } from './synthetic-scope.mjs';

const LOG_FIELDS = new Set(['time', 'level', 'app', 'msg', 'tenant', 'partition', 'agent_id']);
const CONSECUTIVE_FAILURES = 3;

/** The phase could not complete (timeout, failing passes): reported as a note, the size's other numbers stand. */
export class ConsolidationIncomplete extends Error {}

const details = (entry) => Object.entries(entry).filter(([key]) => !LOG_FIELDS.has(key)).map(([key, value]) => `${key} ${JSON.stringify(value)}`).join(', ');

/**
 * Starts consolidation on `prefix` and resolves once a scheduled pass over the bench's agent scope
 * has completed ('done') that began after the consolidation stage had counted every enriched event
 * — the second scheduled pass logged after the stage drained, since passes of one process never
 * overlap. Stops the app before returning (or throwing).
 */
export async function runConsolidationPass({ benchApps, prefix, api, redis, k, offsetMs, intervalMs, timeoutMs, deadline }) {
  const label = 'consolidation';
  const scheduled = []; // { at, entry } or { at, failed }
  const reflections = { passes: 0, failed: 0, sessions: 0, written: 0 };
  const onLine = (entry) => {
    if (entry.agent_id !== AGENT) return;
    if (entry.msg === 'scheduled pass') scheduled.push({ at: Date.now(), entry });
    else if (entry.msg === 'scheduled pass failed') scheduled.push({ at: Date.now(), failed: entry.error ?? 'unknown error' });
    else if (entry.msg === 'reflection pass') {
      reflections.passes++;
      reflections.sessions += entry.sessions ?? 0;
      reflections.written += entry.summaries_written ?? 0;
    } else if (entry.msg === 'reflection pass failed') reflections.failed++;
  };
  const started = Date.now();
  console.log(`  consolidation: starting it with CLOCK_OFFSET_MS=${offsetMs} (+${(offsetMs / 86_400_000).toFixed(0)} d), CONSOLIDATION_INTERVAL_MS=${intervalMs}; `
    + 'waiting for every enriched event to be counted, then for a full scheduled pass that starts after that');
  try {
    await benchApps.start('consolidation', prefix, label, { env: { CLOCK_OFFSET_MS: String(offsetMs), CONSOLIDATION_INTERVAL_MS: String(intervalMs) }, onLine });
    let drainedAt;
    let lastPrint = Date.now();
    for (;;) {
      deadline.remaining('waiting for the consolidation pass');
      const elapsed = Date.now() - started;
      if (elapsed > timeoutMs) {
        throw new ConsolidationIncomplete(`consolidation did not complete a full pass over ${AGENT} within ${timeoutMs < 120_000 ? `${(timeoutMs / 1000).toFixed(1)} s` : `${(timeoutMs / 60_000).toFixed(0)} min`} `
          + `(BENCH_SCALE_CONSOLIDATION_TIMEOUT_MS): ${drainedAt ? 'every enriched event was counted' : 'still counting enriched events'}, `
          + `${scheduled.length} scheduled pass(es) logged, ${reflections.passes} reflection pass(es)`);
      }
      const app = benchApps.apps.find((a) => a.name === label);
      if (app && (app.child.exitCode !== null || app.child.signalCode !== null)) {
        throw new ConsolidationIncomplete(`consolidation exited (${app.child.exitCode ?? app.child.signalCode}) before a full pass:\n${app.stderr.join('\n')}`);
      }
      const response = await fetch(`${api}/v1/admin/pipeline`);
      const stage = response.status === 200 ? (await response.json()).stages.find((s) => s.stage === 'consolidation') : undefined;
      if (!drainedAt && stage && stage.lag === 0 && stage.pending === 0) {
        drainedAt = Date.now();
        console.log(`  consolidation: every enriched event counted after ${((drainedAt - started) / 1000).toFixed(1)} s `
          + `(${reflections.passes} reflection pass(es) over ${reflections.sessions} session(s), ${reflections.written} summaries written${stage.dead_lettered ? `; dead-lettered ${stage.dead_lettered}` : ''})`);
      }
      if (drainedAt) {
        const after = scheduled.filter((p) => p.at >= drainedAt);
        const full = after.slice(1).find((p) => p.entry?.outcome === 'done');
        if (full) {
          const seconds = (Date.now() - started) / 1000;
          const summaries = await redis.zcard(k.summaryIndex(AGENT));
          console.log(`  consolidation: full scheduled pass done ${seconds.toFixed(1)} s after start — ${details(full.entry)}; `
            + `${scheduled.filter((p) => p.entry).length} scheduled pass(es) in all, ${summaries} Summary nodes in the scope`);
          return { seconds, summaries, reflections, scheduled: scheduled.length, pass: full.entry };
        }
        const failures = after.slice(-CONSECUTIVE_FAILURES);
        if (failures.length === CONSECUTIVE_FAILURES && failures.every((p) => p.failed)) {
          throw new ConsolidationIncomplete(`${CONSECUTIVE_FAILURES} scheduled passes over ${AGENT} failed in a row; last: ${failures.at(-1).failed}`);
        }
      }
      if (Date.now() - lastPrint > 10_000) {
        lastPrint = Date.now();
        const last = scheduled.at(-1);
        console.log(`  consolidation: ${((Date.now() - started) / 1000).toFixed(0)} s — stage lag ${stage?.lag ?? '?'} pending ${stage?.pending ?? '?'}; `
          + `${reflections.passes} reflection pass(es), ${scheduled.length} scheduled${last ? ` (last: ${last.failed ? `failed: ${last.failed}` : details(last.entry)})` : ''}`);
      }
      await sleep(500);
    }
  } finally {
    await benchApps.stop(label);
  }
}
