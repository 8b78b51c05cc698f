// LoCoMo-format conversations → events and scored questions, exactly as the data set's README
// (`../shared/data/locomo-dev/README.md`) says the product is judged: one `user.message` event per
// turn, a session per LoCoMo session, an agent per conversation, `occurred_at` = the session's date
// (UTC) + 30 s × turn index. Nothing here knows any conversation's names, words or questions.
import { createHash } from 'node:crypto';

export const CATEGORIES = { 1: 'multi-hop', 2: 'temporal', 3: 'open-domain', 4: 'single-hop' }; // 5 (adversarial) is not scored

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `1:56 pm on 8 May, 2023` → epoch ms, read as UTC. */
export function sessionDate(text) {
  const match = /^(\d{1,2}):(\d{2})\s*(am|pm)\s+on\s+(\d{1,2})\s+([a-z]+),?\s+(\d{4})$/i.exec(text.trim());
  if (!match) throw new Error(`unreadable session date ${JSON.stringify(text)}`);
  const [, h, m, meridiem, day, month, year] = match;
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (monthIndex < 0) throw new Error(`unknown month in ${JSON.stringify(text)}`);
  const hour = (Number(h) % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
  return Date.UTC(Number(year), monthIndex, Number(day), hour, Number(m));
}

/** A stable UUID (v4 layout, from a SHA-1) per turn, so a rerun on the same prefix is all duplicates. */
function stableUuid(name) {
  const hex = createHash('sha1').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `D8:6; D9:17` → two ids; `D:11:26` → `D11:26`; `D30:05` → `D30:5`. */
export function normalizeEvidence(evidence) {
  return evidence.flatMap((entry) => String(entry).split(/[;,]/)).map((raw) => {
    const match = /^\s*D:?(\d+):0*(\d+)\s*$/.exec(raw);
    return match ? `D${Number(match[1])}:${Number(match[2])}` : null;
  }).filter((id) => id !== null);
}

/** One sample → `{ agent, events, turnOf: Map(event id → dia_id), questions }`. */
export function readSample(sample, runTag) {
  const agent = `conv-${runTag}-${sample.sample_id}`;
  const { conversation } = sample;
  const sessions = Object.keys(conversation)
    .map((key) => /^session_(\d+)$/.exec(key)?.[1])
    .filter((n) => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const events = [];
  const turnOf = new Map();
  for (const n of sessions) {
    const start = sessionDate(conversation[`session_${n}_date_time`]);
    const sessionId = `${agent}-s${n}`;
    conversation[`session_${n}`].forEach((turn, index) => {
      const text = `${turn.speaker}: ${turn.text}${turn.blip_caption ? ` [shares ${turn.blip_caption}]` : ''}`;
      const event = {
        event_id: stableUuid(`${agent}/${turn.dia_id}`), event_type: 'user.message',
        occurred_at: new Date(start + 30_000 * index).toISOString(), session_id: sessionId, agent_id: agent, trace_id: sessionId,
        payload_ref: `locomo://${sample.sample_id}/${turn.dia_id}`, payload: { text, speaker: turn.speaker },
      };
      events.push(event);
      turnOf.set(event.event_id, turn.dia_id);
    });
  }
  const turns = new Set(turnOf.values());
  const questions = sample.qa
    .filter((qa) => CATEGORIES[qa.category])
    .map((qa, index) => ({ ...qa, gold: [...new Set(normalizeEvidence(qa.evidence ?? []))].filter((id) => turns.has(id)), index }))
    .filter((qa) => qa.gold.length > 0)
    .map((qa) => ({ id: `${sample.sample_id}#${qa.index}`, category: CATEGORIES[qa.category], query: qa.question, gold: qa.gold, agent }));
  return { agent, events, turnOf, questions };
}
