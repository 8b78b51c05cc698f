// The scale benchmark's agent scope: N seeded synthetic events of one agent (sessions of ~50 short
// texts from a vocabulary, tool episodes with causal parent links, failures and retries), ingested
// through POST /v1/events/batch while the pipeline runs, then drained (GET /v1/admin/pipeline).
import { post, sleep, SkipSize } from './common.mjs';

export const AGENT = 'bench-agent';
export const EVENTS_PER_SESSION = 50;
const BATCH = 500;
const INGEST_CONCURRENCY = 2;

let seed = 1234567;
function uniform() { // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(uniform() * xs.length)];
/** Zipf-ish: low indexes far more often, so some terms have long postings and most are rare. */
const zipf = (xs) => xs[Math.min(xs.length - 1, Math.floor(xs.length * uniform() ** 2.2))];
const uuid = () => {
  const h = Array.from({ length: 32 }, () => Math.floor(uniform() * 16).toString(16)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const PEOPLE = ['Maria Lopez', 'John Smith', 'Aisha Khan', 'Kenji Tanaka', 'Sofia Rossi', 'Lukas Weber', 'Priya Patel', 'Omar Haddad',
  'Elena Novak', 'Tomas Berg', 'Hannah Costa', 'Diego Silva', 'Mei Chen', 'Noah Murphy', 'Fatima Okafor', 'Ivan Petrov'];
const ORGS = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Logistics', 'Stark Industries', 'Hooli', 'Vandelay Imports', 'Cyberdyne Systems'];
const CITIES = ['Berlin', 'Lisbon', 'Madrid', 'Paris', 'Dublin', 'Warsaw', 'Prague', 'Vienna', 'Oslo', 'Toronto', 'Austin', 'Singapore'];
const SERVICES = ['checkout', 'billing', 'search', 'notifications', 'auth', 'reporting', 'inventory', 'payments', 'gateway', 'scheduler'];
const TOOLS = ['fetch_invoices', 'book_flight', 'query_crm', 'deploy_service', 'send_email', 'run_report', 'create_ticket', 'lookup_order'];
// Topic words, Zipf-picked: the lexical and vector channels see a realistic spread of term frequencies.
const WORDS = ('latency cache database migration schema index replica backup restore invoice payment refund contract renewal ' +
  'discount quota budget forecast revenue customer ticket outage incident alert dashboard metric threshold rollout rollback ' +
  'release version branch merge review approval deadline meeting agenda roadmap milestone sprint backlog estimate priority ' +
  'security audit compliance password token certificate firewall network bandwidth timeout retry queue worker cluster node ' +
  'container image registry pipeline build artifact coverage flaky test staging production region failover capacity storage ' +
  'bucket archive export import report spreadsheet chart summary analysis feedback survey onboarding training hiring interview ' +
  'vendor supplier shipment warehouse delivery order tracking address warranty support escalation priority severity runbook ' +
  'oncall pager handover postmortem root cause mitigation workaround patch upgrade deprecation license pricing tier seat plan ' +
  'trial churn upsell pipeline lead prospect demo proposal quote signature legal counsel policy privacy consent retention ' +
  'encryption key rotation secret vault scanner vulnerability dependency library framework compiler runtime memory leak cpu ' +
  'disk throughput benchmark profile trace span log sampling exporter collector gateway proxy balancer dns domain email ' +
  'newsletter campaign audience segment conversion funnel landing page banner translation locale currency tax invoice ledger')
  .split(' ');

const fill = (template) => template
  .replaceAll('{P}', pick(PEOPLE)).replaceAll('{O}', pick(ORGS)).replaceAll('{C}', pick(CITIES))
  .replaceAll('{S}', pick(SERVICES)).replaceAll('{W}', zipf(WORDS)).replaceAll('{X}', zipf(WORDS)).replaceAll('{N}', String(1 + Math.floor(uniform() * 99)));

const ASK = ['Can you check the {W} for {O}?', 'Please look into the {S} {W} issue.', 'What is the status of the {W} {X} for {P}?',
  'I need the {W} report from {O} before {C}.', 'Why is the {S} service slow on {W}?', 'Remind me what {P} said about the {W}.',
  'Set up a {W} review with {P} in {C}.', 'How does the {S} {W} work with the {X}?'];
const INVOKE = ['Calling {T} for {O} about {W}.', 'Running {T} on the {S} {W}.', 'Looking up the {W} {X} with {T}.'];
const OK = ['{T} returned {N} {W} records for {O}.', 'Found {N} {W} entries, {X} looks fine.', 'The {S} {W} is at {N} percent, no {X} problems.'];
const FAIL = ['{T} failed: {S} {W} timed out after {N} seconds.', 'Error from {S}: {W} {X} refused the connection.', '{T} failed with a {W} error on {S}.'];
const ANSWER = ['Done: {N} {W} items for {O}, the {X} is updated.', '{P} confirmed the {W} and the {X} in {C}.', 'The {S} {W} is fixed; {X} back to normal.',
  'Summary: {W} {X} for {O} is on track.', 'Noted the {W} for {P}; follow-up on the {X} next week.'];
const CHAT = ['Thanks, also note the {W} {X} for {P}.', 'Ok. The {W} in {C} moved to {N} {X}.', 'Let us talk about the {W} tomorrow.'];

/** N events of one agent scope in sessions of ~50: tool episodes with causal chains (failures, retries), chat in between. */
export function makeEvents(total) {
  const start = Date.now() - total * 1000 - 600_000;
  const events = [];
  let clock = start;
  const sessions = Math.max(1, Math.ceil(total / EVENTS_PER_SESSION));
  for (let s = 0; events.length < total; s++) {
    const session = `bench-session-${s % sessions}`;
    const trace = `trace-${s}`;
    const emit = (eventType, text, extra = {}) => {
      clock += 1000;
      const event = { event_id: uuid(), event_type: eventType, occurred_at: new Date(clock).toISOString(), session_id: session,
        agent_id: AGENT, trace_id: trace, payload_ref: `bench://scale/${events.length}`, payload: { text }, ...extra };
      if (events.length < total) events.push(event);
      return event;
    };
    for (let n = 0; n < EVENTS_PER_SESSION && events.length < total;) {
      if (uniform() < 0.25) {
        emit(pick(['user.message', 'agent.message']), fill(pick(CHAT)));
        n++;
        continue;
      }
      const tool = pick(TOOLS);
      const withTool = (t) => fill(t.replaceAll('{T}', tool));
      const ask = emit('user.message', fill(pick(ASK)));
      let cause = emit('agent.invoke', withTool(pick(INVOKE)), { parent_event_id: ask.event_id, tool_name: tool });
      n += 2;
      while (uniform() < 0.3 && n < EVENTS_PER_SESSION) { // a failure, then a retry caused by it
        const failed = emit('tool.execute', withTool(pick(FAIL)), { parent_event_id: cause.event_id, tool_name: tool, status: 'failed' });
        cause = emit('agent.invoke', withTool(`Retrying {T} after the ${pick(['timeout', 'error', 'refusal'])}.`), { parent_event_id: failed.event_id, tool_name: tool });
        n += 2;
      }
      const ok = emit('tool.execute', withTool(pick(OK)), { parent_event_id: cause.event_id, tool_name: tool, status: 'completed' });
      emit('agent.message', fill(pick(ANSWER)), { parent_event_id: ok.event_id });
      n += 2;
    }
  }
  return events;
}

const QUERY_TEMPLATES = ['why did {T} fail for {O}?', 'when was the {S} {W} fixed?', 'what did {P} say about the {W}?', 'related to {W} {X}',
  '{W} {X} in {C}', 'who handles the {W} for {O}?', 'how does the {S} {W} work?', 'what happened with the {W} {X} report?',
  'why is the {S} service slow?', 'show me the {W} issues with {S}'];
export function makeQueries(count, sessions) {
  return Array.from({ length: count }, () => ({
    query: fill(pick(QUERY_TEMPLATES).replaceAll('{T}', pick(TOOLS))),
    session_id: `bench-session-${Math.floor(uniform() * sessions)}`,
  }));
}

// ---------------------------------------------------------------- ingest + drain ----------------
async function ingest(api, events, deadline) {
  const bodies = [];
  for (let i = 0; i < events.length; i += BATCH) bodies.push(events.slice(i, i + BATCH));
  let next = 0;
  let done = 0;
  let lastPrint = Date.now();
  await Promise.all(Array.from({ length: INGEST_CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const batch = bodies[next++];
      deadline.remaining('ingesting');
      const { status, body } = await post(`${api}/v1/events/batch`, { events: batch });
      if (status !== 200 || body.accepted + body.duplicates !== batch.length) throw new Error(`batch refused: ${status} ${JSON.stringify(body).slice(0, 500)}`);
      done += batch.length;
      if (Date.now() - lastPrint > 5000) {
        lastPrint = Date.now();
        console.log(`  ingest: ${done}/${events.length}`);
      }
    }
  }));
}

/** Polls the pipeline until drained; skips the size when ingest + drain is projected past the budget. */
async function waitForDrain(api, redis, k, total, ingestStarted, { budgetMs, deadline }) {
  const history = [];
  let lastPrint = 0;
  for (;;) {
    deadline.remaining('waiting for the pipeline to drain');
    const response = await fetch(`${api}/v1/admin/pipeline`);
    const status = await response.json();
    // The consolidation app is not running while the scope is built: its stage is not waited for.
    if (response.status === 200 && status.stages.filter((s) => s.stage !== 'consolidation').every((s) => s.lag === 0 && s.pending === 0)) return;
    const [enriched, projected] = await Promise.all([
      redis.hget(k.lexicalStats(AGENT), 'docs').then(Number), redis.zcard(k.graphAgent(AGENT)),
    ]);
    const now = Date.now();
    history.push({ now, enriched });
    while (history.length > 2 && now - history[0].now > 30_000) history.shift();
    const rate = history.length > 1 ? (enriched - history[0].enriched) / ((now - history[0].now) / 1000) : 0;
    const eta = rate > 0 ? (total - enriched) / rate : Infinity;
    if (now - lastPrint > 10_000) {
      lastPrint = now;
      const lags = (status.stages ?? []).filter((s) => s.stage !== 'consolidation')
        .map((s) => `${s.stage} lag ${s.lag} pending ${s.pending}${s.dead_lettered ? ` dlq ${s.dead_lettered}` : ''}`).join(', ');
      console.log(`  pipeline: projected ${projected}, enriched ${enriched}/${total} (${rate.toFixed(0)}/s, ~${Number.isFinite(eta) ? eta.toFixed(0) : '?'} s left) — ${lags}`);
    }
    const elapsed = now - ingestStarted;
    if (elapsed > 60_000 && history.length > 5 && elapsed + eta * 1000 > budgetMs) {
      throw new SkipSize(`ingest + enrichment of ${total} events would take ~${((elapsed + eta * 1000) / 60_000).toFixed(0)} min on this machine `
        + `(enriching ${rate.toFixed(0)} events/s), over the ${(budgetMs / 60_000).toFixed(0)} min budget (BENCH_SCALE_PIPELINE_BUDGET_MS); `
        + 'skipped — pick smaller sizes with BENCH_SCALE_SIZES');
    }
    await sleep(1000);
  }
}

/**
 * Ingests `events` through the API and waits until projection and enrichment have drained. Returns
 * the seconds ingest took and the seconds the pipeline needed after it. Throws SkipSize when the
 * pipeline is projected to need more than `budgetMs` from the first batch.
 */
export async function buildScope({ api, redis, k, events, budgetMs, deadline }) {
  const ingestStarted = Date.now();
  await ingest(api, events, deadline);
  const ingestSeconds = (Date.now() - ingestStarted) / 1000;
  console.log(`  ingested ${events.length} events in ${ingestSeconds.toFixed(1)} s (${(events.length / ingestSeconds).toFixed(0)} events/s, pipeline running concurrently)`);
  await waitForDrain(api, redis, k, events.length, ingestStarted, { budgetMs, deadline });
  const drainSeconds = (Date.now() - ingestStarted) / 1000 - ingestSeconds;
  console.log(`  pipeline drained ${drainSeconds.toFixed(1)} s after ingest finished (${((Date.now() - ingestStarted) / 1000).toFixed(1)} s from first batch to drained)`);
  return { ingestSeconds, drainSeconds };
}
