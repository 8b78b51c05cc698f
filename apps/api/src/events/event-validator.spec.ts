import { DomainError } from '@cg/domain';
import { EventValidator } from './event-validator';

const NOW = Date.parse('2026-01-31T12:00:00Z');
const validator = new EventValidator({ now: () => NOW }, { maxPayloadBytes: 100, maxBatchEvents: 3 });

const event = (overrides: Record<string, unknown> = {}) => ({
  event_id: 'AAAAAAAA-0000-4000-8000-000000000001',
  event_type: 'user.message',
  occurred_at: '2026-01-31T11:00:00+01:00',
  session_id: 's-1',
  agent_id: 'agent@example/1',
  trace_id: 't:1',
  payload_ref: 'urn:x',
  ...overrides,
});

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('EventValidator', () => {
  it('maps a valid body to the ledger event, UUIDs lowercased and nothing else changed', () => {
    const parent = 'BBBBBBBB-0000-4000-8000-000000000002';
    expect(validator.one(event({ parent_event_id: parent, payload: { text: 'hi' } }))).toEqual({
      ...event({ payload: { text: 'hi' } }),
      event_id: 'aaaaaaaa-0000-4000-8000-000000000001',
      parent_event_id: parent.toLowerCase(),
    });
  });

  it('judges "the future" by the clock port, with 5 minutes of skew allowed', () => {
    expect(() => validator.one(event({ occurred_at: '2026-01-31T12:04:59Z' }))).not.toThrow();
    const error = refusal(() => validator.one(event({ occurred_at: '2026-01-31T12:05:01Z' })));
    expect(error.details).toEqual([{ field: 'occurred_at', message: expect.stringMatching(/future/) }]);
  });

  it('measures the payload as serialized UTF-8 bytes', () => {
    expect(() => validator.one(event({ payload: { t: 'é'.repeat(40) } }))).not.toThrow();
    expect(refusal(() => validator.one(event({ payload: { t: 'é'.repeat(50) } }))).details.map((d) => d.field)).toEqual(['payload']);
  });

  it('reports format and rule failures together, each field once', () => {
    const error = refusal(() => validator.one(event({ occurred_at: 'soon', ended_at: 'later', extra: 1 })));
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.field).sort()).toEqual(['ended_at', 'extra', 'occurred_at']);
  });

  it('names batch fields by index and checks the batch size', () => {
    const error = refusal(() => validator.batch({ events: [event(), event(), event({ status: 'ok' }), event()] }));
    expect(error.details.map((d) => d.field)).toEqual(['events', 'events[2].status']);
  });
});
