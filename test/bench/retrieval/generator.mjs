// Seeded, deterministic generator of synthetic multi-session agent conversations (SPEC §3 envelopes)
// with questions and the event ids that answer them. Pure: no I/O, no clock, no Math.random —
// the same options always give the same output (pass `now` to anchor timestamps; default fixed).
//
// SEEDS. DEVELOPMENT_SEED is for building and debugging the retrieval. HELD_OUT_SEED is what
// `npm run bench:retrieval` reports: nobody tunes the system (intents, weights, templates) on it —
// look at its numbers, never at its questions.
export const DEVELOPMENT_SEED = 20240611;
export const HELD_OUT_SEED = 77031409;
export const QUESTION_TYPES = ['who', 'what', 'when', 'why', 'related'];

const FIRST = ['Maria', 'John', 'Aisha', 'Kenji', 'Sofia', 'Lukas', 'Priya', 'Omar', 'Elena', 'Tomas', 'Hannah', 'Diego',
  'Mei', 'Noah', 'Fatima', 'Ivan', 'Chloe', 'Rafael', 'Ingrid', 'Samuel'];
const LAST = ['Lopez', 'Smith', 'Khan', 'Tanaka', 'Rossi', 'Weber', 'Patel', 'Haddad', 'Novak', 'Berg', 'Costa', 'Silva',
  'Chen', 'Murphy', 'Okafor', 'Petrov', 'Dubois', 'Alves', 'Larsen', 'Cohen'];
const ORGS = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Logistics', 'Stark Industries', 'Wayne Enterprises', 'Hooli',
  'Vandelay Imports', 'Soylent Foods', 'Cyberdyne Systems', 'Wonka Industries', 'Tyrell Corporation'];
const CITIES = ['Berlin', 'Lisbon', 'Madrid', 'Paris', 'Amsterdam', 'Dublin', 'Warsaw', 'Prague', 'Vienna', 'Oslo',
  'Toronto', 'Austin', 'Singapore', 'Nairobi'];
const PROJECTS = ['Falcon', 'Aurora', 'Nimbus', 'Zephyr', 'Orion', 'Cobalt', 'Juniper', 'Sequoia', 'Quartz', 'Harbor'];
const MONTHS = ['March', 'April', 'May', 'June', 'July', 'September', 'October', 'November'];
const SERVICES = ['checkout', 'billing', 'search', 'notifications', 'auth', 'reporting'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const REASONS = ['the vendor contract is still unsigned', 'QA found a data loss bug', 'the security review is not finished',
  'two engineers left the team', 'the cloud budget was cut'];

// Roles: how events say them (noun) and how questions ask for them (synonyms, imperfect overlap).
const ROLES = [
  { noun: ['head of procurement', 'procurement lead'], ask: ['in charge of purchasing', 'responsible for buying'] },
  { noun: ['general counsel', 'lead lawyer'], ask: ['handling legal matters', 'our legal contact'] },
  { noun: ['CTO', 'head of engineering'], ask: ['running the engineering org', 'the top technical person'] },
  { noun: ['finance director', 'CFO'], ask: ['in charge of the money', 'managing finances'] },
  { noun: ['marketing manager', 'head of marketing'], ask: ['running campaigns', 'doing the marketing'] },
  { noun: ['security officer', 'CISO'], ask: ['responsible for security', 'handling infosec'] },
  { noun: ['account executive', 'sales lead'], ask: ['our sales contact', 'selling to us'] },
  { noun: ['support manager', 'customer success lead'], ask: ['handling support tickets', 'taking care of customers'] },
];

// Tool kinds; {P} person, {O} organization, {C} city, {S} service, {D} day, {H} hour, {N} a number.
const TOOLS = [
  { name: 'fetch_invoices', system: 'billing', needs: 'O',
    ask: ['Can you pull the latest invoices for {O}?', 'I need the open invoices from {O}.', 'What does {O} still owe us?'],
    invoke: ['Calling fetch_invoices for {O}.', 'Looking up {O} in the billing system.'],
    result: ['Found {N} open invoices for {O}, {N}k EUR in total.', 'Billing lists {N} unpaid bills for {O}.'],
    answer: ['{O} has {N} invoices outstanding.', 'There are {N} unpaid invoices from {O}.'],
    what: ['How many bills are outstanding for {O}?', 'What did the billing lookup for {O} show?'],
    why: ['Why did the invoice lookup for {O} fail at first?', 'What went wrong when you first tried to get the {O} bills?'],
    when: ['When did the {O} invoice fetch finally go through?'] },
  { name: 'book_flight', system: 'travel', needs: 'PC',
    ask: ['Please book a flight for {P} to {C}.', 'Get {P} a ticket to {C} for next week.'],
    invoke: ['Searching flights to {C} for {P}.', 'Calling book_flight: passenger {P}, destination {C}.'],
    result: ['Booked {P} on flight LH{N} to {C}.', 'Ticket issued: {P}, LH{N}, arriving {C}.'],
    answer: ['{P} is confirmed on LH{N} to {C}.', 'Done, {P} flies to {C} on LH{N}.'],
    what: ['Which flight did {P} end up on?', 'What flight number is {P} taking to {C}?'],
    why: ['Why did the travel booking for {P} break?', 'What was the problem reserving the {C} trip?'],
    when: ['When was the {C} flight for {P} actually confirmed?'] },
  { name: 'query_crm', system: 'CRM', needs: 'O',
    ask: ['What is the account status of {O}?', 'Check {O} in the CRM, please.'],
    invoke: ['Querying the CRM for {O}.', 'Running query_crm on the {O} account.'],
    result: ['CRM: {O} is on the enterprise plan with {N} seats, renewal pending.', '{O} account record: {N} seats, renewal due soon.'],
    answer: ['{O} has {N} enterprise seats and a renewal coming up.', 'The {O} contract covers {N} seats.'],
    what: ['How many seats does {O} have?', 'What plan is {O} on?'],
    why: ['Why could the customer record for {O} not be loaded earlier?', 'What broke with the {O} account check?'],
    when: ['When did the account lookup for {O} succeed?'] },
  { name: 'deploy_service', system: 'deploy', needs: 'S',
    ask: ['Deploy the {S} service to production.', 'Ship the new {S} build to prod, please.'],
    invoke: ['Starting deployment of {S}.', 'Calling deploy_service for {S} on production.'],
    result: ['Deployment of {S} version 2.{N} completed, all health checks green.', '{S} 2.{N} is live in production.'],
    answer: ['{S} 2.{N} is out.', 'The {S} rollout is finished: version 2.{N}.'],
    what: ['Which version of {S} is running in prod?', 'What release of {S} went out?'],
    why: ['Why did the {S} rollout fail the first time?', 'What held up releasing {S}?'],
    when: ['When did the {S} release actually land?'] },
  { name: 'send_email', system: 'mail', needs: 'P',
    ask: ['Email the contract draft to {P}.', 'Send {P} the signed agreement.'],
    invoke: ['Sending the contract to {P}.', 'Calling send_email with the agreement for {P}.'],
    result: ['Message to {P} delivered, {N} KB attachment.', 'Mail server accepted the contract for {P}.'],
    answer: ['{P} has the contract now.', 'The agreement went out to {P}.'],
    what: ['Did the agreement reach {P}?', 'What happened with the contract for {P}?'],
    why: ['Why did the mail to {P} bounce at first?', 'What stopped the contract from reaching {P}?'],
    when: ['When did {P} get the contract?'] },
  { name: 'schedule_meeting', system: 'calendar', needs: 'PD',
    ask: ['Set up a call with {P} on {D}.', 'Find a slot with {P} on {D}.'],
    invoke: ['Checking calendars for {P} on {D}.', 'Calling schedule_meeting with {P} for {D}.'],
    result: ['Meeting with {P} booked for {D} at {H}:00.', 'Invite sent: {P}, {D}, {H}:00.'],
    answer: ['You meet {P} on {D} at {H}:00.', 'Call with {P}: {D}, {H}:00.'],
    what: ['What time is the call with {P}?', 'Which slot did we get with {P}?'],
    why: ['Why did the invite for {P} not go out the first time?', 'What was wrong with setting up the {P} call?'],
    when: ['When did the calendar invite for {P} finally work?'] },
];
const FAILURES = [
  { status: 'failed', text: ['{T} failed: connection refused by the {Y} API.', 'Error from {Y}: HTTP 503 Service Unavailable.',
    '{T} error: permission denied for the service account.', 'Rate limit exceeded on {Y}, request rejected.'] },
  { status: 'timeout', text: ['{T} timed out after 30 seconds waiting for {Y}.', 'No response from {Y} within the deadline.'] },
];
const RETRY = ['Retrying {T} with a longer timeout.', 'Backing off, then trying {T} again.', 'Second attempt at {T} with fresh credentials.'];
const FILLER = [
  ['user.message', 'Good morning! Let us get started.'], ['user.message', 'Thanks, that helps.'],
  ['agent.message', 'Sure, anything else?'], ['user.message', 'Can you summarise where we are?'],
  ['agent.message', 'Let me check and get back to you.'], ['user.message', 'I will be offline for an hour.'],
  ['user.message', 'The weather in {C} is awful today.'], ['agent.message', 'Noted, I will keep that in mind.'],
  ['user.message', '{P} sent a thank-you note after the meeting.'], ['user.message', 'Coffee break, back soon.'],
  ['user.message', 'Remind me to call {P} next week.'], ['user.message', 'Did anyone hear back from {O}?'],
  // distractors: the same names, places and question words in sentences that answer nothing asked
  ['user.message', '{P} is travelling to {C} next month.'], ['user.message', '{P}\'s team is hiring two engineers.'],
  ['agent.message', 'I found an article about the {O} office in {C}.'], ['user.message', 'Who is joining the {O} call tomorrow?'],
  ['user.message', 'Why is the VPN so slow today?'], ['agent.message', 'When you have a minute, check the {S} dashboard.'],
  ['user.message', '{P} asked what the plan is for the offsite.'], ['user.message', 'The {S} team moved standup to {D}.'],
];
const PROJECT_MENTIONS = ['The {X} design review went well.', 'Added {P} to the {X} channel.', '{X} dashboard shows {N} active users.',
  'Demo of {X} for {O} is set.', '{P} raised a concern about {X} scaling.'];

/** mulberry32: a small, fast, seedable PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random helpers over one PRNG. */
function helpers(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const shuffle = (xs) => {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(random() * 4)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { random, int, pick, shuffle, sample: (xs, n) => shuffle(xs).slice(0, n), chance: (p) => random() < p, uuid };
}

const fill = (template, vars) => template.replace(/\{(\w)\}/g, (_, key) => String(vars[key] ?? `{${key}}`));

/**
 * `{ events, questions }` for `agents` agents × `sessionsPerAgent` sessions. Each question:
 * `{ id, type, kind, query, agent_id, session_id, gold, stale }`: gold = the event ids that answer it;
 * stale = earlier statements of a fact the gold supersedes (an answer that is out of date).
 */
export function generate({ seed, agents = 4, sessionsPerAgent = 10, chainsPerSession = 2, fillerPerSession = 6,
  people = 5, projects = 2, relocations = 3, days = 28, now = Date.UTC(2025, 0, 1) } = {}) {
  if (!Number.isInteger(seed)) throw new Error('generate: an integer seed is required');
  if (sessionsPerAgent < 2) throw new Error('generate: at least 2 sessions per agent (facts change across sessions)');
  const h = helpers(prng(seed));
  const events = [];
  const questions = [];
  for (let a = 1; a <= agents; a++) {
    const agent = generateAgent(h, { agentId: `agent-${seed}-${a}`, sessions: sessionsPerAgent, chainsPerSession,
      fillerPerSession, people, projects, relocations: Math.min(relocations, people), days, now });
    events.push(...agent.events);
    for (const q of agent.questions) questions.push({ id: `q${questions.length + 1}`, ...q });
  }
  return { events, questions };
}

function generateAgent(h, o) {
  const firsts = h.sample(FIRST, o.people);
  const lasts = h.sample(LAST, o.people);
  const cast = firsts.map((first, i) => ({ first, name: `${first} ${lasts[i]}` }));
  const orgs = h.sample(ORGS, Math.max(3, Math.ceil(o.people / 2)));
  const roles = h.sample(ROLES, o.people);
  const projects = h.sample(PROJECTS, o.projects);
  const lastSession = o.sessions - 1;
  // Episodes per session: functions that emit their events when the session is written out.
  const plan = Array.from({ length: o.sessions }, () => []);
  const questions = [];
  const at = (session, episode) => plan[session].push(episode);
  const later = (s) => h.int(s + 1, lastSession);

  // Who: introductions (a role at an organization).
  cast.forEach((person, i) => {
    const org = orgs[i % orgs.length];
    const role = roles[i];
    const s = h.int(0, Math.floor(lastSession / 2));
    at(s, (emit) => {
      const noun = h.pick(role.noun);
      const intro = emit('user.message', fill(h.pick(['{P} is the {R} at {O}.', 'Quick intro: {P}, {R} over at {O}, will join our calls.',
        'Met {P} today, the {R} for {O}. Very sharp.', 'For anything on the {O} side, {P} ({R}) is the person.']), { P: person.name, R: noun, O: org }));
      emit('agent.message', fill(h.pick(['Got it, I will remember {P}.', 'Noted: {P} at {O}.']), { P: person.name, O: org }), { parent: intro });
      questions.push({ type: 'who', kind: 'role', after: s, gold: [intro.event_id],
        query: fill(h.pick(['Who is {A} at {O}?', 'Remind me who is {A} over at {O}?', 'At {O}, who was {A} again?']), { A: h.pick(role.ask), O: org }) });
    });
  });

  // Facts that change: a team relocates (once or twice); the current city supersedes earlier ones.
  h.sample(cast, o.relocations).forEach((person) => {
    const cities = h.sample(CITIES, 3);
    const moves = h.chance(0.35) ? 2 : 1;
    let s = h.int(0, lastSession - moves);
    const updates = [];
    let original;
    at(s, (emit) => original = emit('user.message', fill(h.pick(['{P}\'s team works out of {C}.', '{P} mentioned the team sits in {C}.',
      'Note: {P} and team are located in the {C} office.']), { P: person.name, C: cities[0] })));
    for (let m = 1; m <= moves; m++) {
      s = h.int(s + 1, lastSession - (moves - m));
      const [from, to] = [cities[m - 1], cities[m]];
      at(s, (emit) => {
        const update = emit('user.message', fill(h.pick(['Update: {P}\'s team moved from {F} to {C}.',
          '{P} told me the whole team relocated to {C}; the {F} office is closed.', 'Heads-up: {Q}\'s group left {F} and now operates from {C}.']),
        { P: person.name, Q: person.first, F: from, C: to }));
        emit('agent.message', fill('Noted, {P} is now in {C}.', { P: person.first, C: to }), { parent: update });
        updates.push(update);
      });
    }
    const who = () => h.pick([person.name, person.first]);
    questions.push({ type: 'what', kind: 'current-location', after: s, gold: () => [updates.at(-1).event_id],
      stale: () => [original, ...updates.slice(0, -1)].map((e) => e.event_id),
      query: fill(h.pick(['Where is {P}\'s team based now?', 'Which city does {P}\'s group work from these days?',
        'What office is {P}\'s team in at the moment?']), { P: who() }) });
    questions.push({ type: 'when', kind: 'relocation-time', after: s, gold: () => [updates[0].event_id],
      query: fill(h.pick(['When did {P}\'s team leave {F}?', 'When was {P}\'s group moved out of {F}?']), { P: who(), F: cities[0] }) });
  });

  // Facts that change: project launch dates slip (with a reason), budget ownership passes on.
  projects.forEach((project, i) => {
    const [m1, m2] = h.sample(MONTHS, 2);
    const [owner, heir] = h.sample(cast, 2);
    const reason = h.pick(REASONS);
    const s1 = h.int(0, lastSession - 1);
    const s2 = later(s1);
    const stale = {};
    at(s1, (emit) => stale.date = emit('user.message', fill(h.pick(['The {X} launch is scheduled for {M}.', 'We are targeting {M} for the {X} release.',
      '{X} is due to ship in {M}.']), { X: project, M: m1 })));
    at(s1, (emit) => stale.owner = emit('user.message', fill(h.pick(['{P} owns the {X} budget.', 'Budget for {X} sits with {P}.']), { P: owner.name, X: project })));
    const gold = {};
    at(s2, (emit) => {
      gold.slip = emit('user.message', fill(h.pick(['{X} slipped: the launch moves from {M} to {N} because {R}.',
        'Bad news, {X} will not make {M}; new date is {N}, since {R}.', 'Revised plan: {X} ships in {N} instead of {M}. Reason: {R}.']),
      { X: project, M: m1, N: m2, R: reason })).event_id;
    });
    const s3 = later(s1);
    at(s3, (emit) => {
      gold.owner = emit('user.message', fill(h.pick(['{P} has taken over the {X} budget from {Q}.', 'From now on {P} signs off on {X} spending, not {Q}.']),
        { P: heir.name, Q: owner.first, X: project })).event_id;
    });
    for (let n = h.int(2, 3); n > 0; n--) {
      at(h.int(0, lastSession), (emit) => emit(h.pick(['user.message', 'agent.message']), fill(h.pick(PROJECT_MENTIONS),
        { X: project, P: h.pick(cast).name, O: h.pick(orgs), N: h.int(20, 900) })));
    }
    questions.push({ type: 'what', kind: 'current-date', after: s2, gold: () => [gold.slip], stale: () => [stale.date.event_id],
      query: fill(h.pick(['What is the latest target date for {X}?', 'What is the plan for shipping {X} now?']), { X: project }) });
    questions.push({ type: 'why', kind: 'delay-reason', after: s2, gold: () => [gold.slip],
      query: fill(h.pick(['Why did {X} get pushed back?', 'What caused the {X} delay?']), { X: project }) });
    questions.push({ type: 'who', kind: 'current-owner', after: s3, gold: () => [gold.owner], stale: () => [stale.owner.event_id],
      query: fill(h.pick(['Who is responsible for the {X} budget now?', 'Who approves {X} spending these days?']), { X: project }) });
    questions.push({ type: 'related', kind: 'project', after: lastSession, gold: { mentions: project },
      query: fill(h.pick(['What else is connected to {X}?', 'Give me everything related to {X}.', 'Anything I should know around {X}?']), { X: project }) });
    if (i < 2) {
      const org = orgs[i];
      questions.push({ type: 'related', kind: 'organization', after: lastSession, gold: { mentions: org },
        query: fill(h.pick(['What do we have on {O}?', 'Everything about {O}, please.', 'Anything going on with {O}?']), { O: org }) });
    }
  });

  // Tool chains: user asks → agent invokes → tool fails (once or twice) → agent retries → tool succeeds → agent answers.
  const usedTargets = new Set();
  for (let s = 0; s < o.sessions; s++) {
    for (let c = 0; c < o.chainsPerSession; c++) {
      let tool, vars, key;
      do {
        tool = h.pick(TOOLS);
        vars = { P: h.pick(cast).name, O: h.pick(orgs), C: h.pick(CITIES), S: h.pick(SERVICES), D: h.pick(DAYS), H: h.int(9, 17), N: h.int(2, 99), T: tool.name, Y: tool.system };
        key = `${tool.name}:${[...tool.needs].map((k) => vars[k]).join('/')}`;
      } while (usedTargets.has(key));
      usedTargets.add(key);
      const chain = {};
      at(s, (emit) => {
        const ask = emit('user.message', fill(h.pick(tool.ask), vars));
        const invoke = emit('agent.invoke', fill(h.pick(tool.invoke), vars), { parent: ask, tool: tool.name });
        let cause = invoke;
        chain.failures = [];
        for (let f = h.chance(0.3) ? 2 : 1; f > 0; f--) {
          const failure = h.pick(FAILURES);
          const failed = emit('tool.execute', fill(h.pick(failure.text), vars), { parent: cause, tool: tool.name, status: failure.status });
          chain.failures.push(failed.event_id);
          cause = emit('agent.invoke', fill(h.pick(RETRY), vars), { parent: failed, tool: tool.name });
        }
        const ok = emit('tool.execute', fill(h.pick(tool.result), vars), { parent: cause, tool: tool.name, status: 'completed' });
        const answer = emit('agent.message', fill(h.pick(tool.answer), vars), { parent: ok });
        Object.assign(chain, { invoke: invoke.event_id, ok: ok.event_id, answer: answer.event_id });
      });
      const type = h.pick(['why', 'why', 'what', 'when']);
      const gold = { why: () => [...chain.failures, chain.invoke], what: () => [chain.ok, chain.answer], when: () => [chain.ok] }[type];
      questions.push({ type, kind: `tool-${type}`, after: s, gold, query: fill(h.pick(tool[type]), vars) });
    }
  }

  // Filler and distractors: small talk, other mentions of the same people, places and organizations.
  for (let s = 0; s < o.sessions; s++) {
    for (let n = 0; n < o.fillerPerSession; n++) {
      const [type, text] = h.pick(FILLER);
      at(s, (emit) => emit(type, fill(text, { P: h.pick(cast).name, C: h.pick(CITIES), O: h.pick(orgs), S: h.pick(SERVICES), D: h.pick(DAYS) })));
    }
  }

  // Emit sessions in time order (spread over `days`), episodes shuffled within a session.
  const events = [];
  const span = o.days * 86_400_000;
  const sessionIds = plan.map((_, s) => `${o.agentId}-s${s + 1}`);
  plan.forEach((episodes, s) => {
    let clock = o.now - span + Math.floor(((s + h.random() * 0.5) / o.sessions) * span);
    let trace = 0;
    for (const episode of h.shuffle(episodes)) {
      const traceId = `${sessionIds[s]}:t${++trace}`;
      episode((eventType, text, { parent, tool, status } = {}) => {
        clock += h.int(5, 90) * 1000;
        const event = {
          event_id: h.uuid(), event_type: eventType, occurred_at: new Date(clock).toISOString(),
          session_id: sessionIds[s], agent_id: o.agentId, trace_id: traceId, payload_ref: `bench://retrieval/${o.agentId}/${events.length}`,
          payload: { text },
        };
        if (parent) event.parent_event_id = parent.event_id;
        if (tool) event.tool_name = tool;
        if (status) event.status = status;
        if (eventType === 'tool.execute') event.ended_at = new Date(clock + h.int(200, 30_000)).toISOString();
        events.push(event);
        return event;
      });
    }
  });

  // Resolve gold ids; a question is asked in a session at or after the last one its answer needs.
  const resolved = questions.map(({ after, gold, stale = () => [], ...q }) => ({
    ...q,
    agent_id: o.agentId,
    session_id: sessionIds[h.int(after, lastSession)],
    gold: typeof gold === 'function' ? gold() : gold.mentions ? events.filter((e) => e.payload.text.includes(gold.mentions)).map((e) => e.event_id) : gold,
    stale: stale(),
  }));
  return { events, questions: resolved };
}
