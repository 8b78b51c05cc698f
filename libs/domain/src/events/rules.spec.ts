import { LedgerEvent } from './event';
import { checkEventRules, EVENT_RULES, utf8Length } from './rules';
import { contentFingerprint, normalizeEvent } from './canonical';
import { canonicalInstant, parseInstant } from './time';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const base: LedgerEvent = {
  event_id: 'A0000000-0000-4000-8000-000000000001',
  event_type: 'agent.invoke',
  occurred_at: '2026-11-26T11:00:00Z',
  session_id: 's',
  agent_id: 'a',
  trace_id: 't',
  payload_ref: 'r',
};
const limits = { maxPayloadBytes: 64 * 1024 };

describe('envelope rules', () => {
  it('event_type must be dot-namespaced lowercase', () => {
    for (const ok of ['agent.invoke', 'tool.execute', 'a.b_c.d9']) expect(EVENT_RULES.eventType.test(ok)).toBe(true);
    for (const bad of ['agent', 'Agent.invoke', 'agent.', '.agent', 'agent..invoke', '9a.b']) expect(EVENT_RULES.eventType.test(bad)).toBe(false);
  });

  it('accepts a valid event', () => {
    expect(checkEventRules(base, NOW, limits)).toEqual([]);
  });

  it('refuses occurred_at more than 5 minutes ahead, and ended_at before occurred_at', () => {
    const errors = checkEventRules({ ...base, occurred_at: '2026-11-26T12:06:00Z', ended_at: '2026-11-26T12:05:00Z' }, NOW, limits);
    expect(errors.map((e) => e.field)).toEqual(['occurred_at', 'ended_at']);
    expect(checkEventRules({ ...base, occurred_at: '2026-11-26T12:04:59Z' }, NOW, limits)).toEqual([]);
  });

  it('refuses a timestamp without a zone', () => {
    expect(checkEventRules({ ...base, occurred_at: '2026-11-26T11:00:00' }, NOW, limits)[0].field).toBe('occurred_at');
  });

  it('measures the payload as serialized UTF-8 bytes', () => {
    const text = 'é'.repeat(40); // 80 bytes, 40 chars
    expect(checkEventRules({ ...base, payload: { text } }, NOW, { maxPayloadBytes: 60 })[0].field).toBe('payload');
    expect(checkEventRules({ ...base, payload: { text } }, NOW, { maxPayloadBytes: 100 })).toEqual([]);
  });
});

describe('content comparison', () => {
  it('lowercases UUIDs when storing', () => {
    expect(normalizeEvent({ ...base, parent_event_id: 'B0000000-0000-4000-8000-000000000001' })).toMatchObject({
      event_id: 'a0000000-0000-4000-8000-000000000001', parent_event_id: 'b0000000-0000-4000-8000-000000000001',
    });
  });

  it('treats key order, UUID case, zone spelling and the default schema_version as the same content', () => {
    const respelled = { payload_ref: 'r', trace_id: 't', agent_id: 'a', session_id: 's', occurred_at: '2026-11-26T13:00:00.000+02:00', event_type: 'agent.invoke', event_id: base.event_id.toLowerCase(), schema_version: 1 };
    expect(contentFingerprint(respelled)).toBe(contentFingerprint(base));
    expect(contentFingerprint({ ...base, payload_ref: 'other' })).not.toBe(contentFingerprint(base));
  });

  it('keeps sub-millisecond precision apart', () => {
    expect(canonicalInstant('2026-11-26T11:00:00.000001Z')).not.toBe(canonicalInstant('2026-11-26T11:00:00.000002Z'));
    expect(canonicalInstant('2026-11-26T12:00:00.500+01:00')).toBe('2026-11-26T11:00:00.5Z');
    expect(parseInstant('2026-11-26T12:00:00+01:00')).toBe(Date.parse('2026-11-26T11:00:00Z'));
  });
});

describe('utf8Length', () => {
  it('counts bytes as UTF-8 encodes them', () => {
    for (const text of ['', 'ascii', 'é', '€uro', '😀 grin', 'a\ud800b', 'x\udc00', '\ud800']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
