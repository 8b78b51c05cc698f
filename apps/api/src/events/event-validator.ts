import { Inject, Injectable } from '@nestjs/common';
import { checkEventRules, Clock, EventLimits, FEEDBACK_EVENT_TYPE, FieldError, LedgerEvent, normalizeEvent } from '@cg/domain';
import { ApiConfig } from '../config/api-config';
import { isJsonObject, validateInput, validationFailed } from '../http/input-validation';
import { API_CONFIG, CLOCK } from '../infra/tokens';
import { BatchDto } from './batch.dto';
import { EventDto } from './event.dto';

/**
 * Turns request bodies into ledger events: DTO formats first, then the domain's cross-field and
 * time rules, every offending field of every event reported at once (SPEC §3) — or nothing written.
 */
@Injectable()
export class EventValidator {
  private readonly limits: EventLimits;
  private readonly maxBatchEvents: number;

  constructor(@Inject(CLOCK) private readonly clock: Clock, @Inject(API_CONFIG) config: Pick<ApiConfig, 'maxPayloadBytes' | 'maxBatchEvents'>) {
    this.limits = { maxPayloadBytes: config.maxPayloadBytes };
    this.maxBatchEvents = config.maxBatchEvents;
  }

  /** `service`: an event the API itself writes (feedback), which may use the reserved event types. */
  one(body: unknown, origin: 'client' | 'service' = 'client'): LedgerEvent {
    const { event, errors } = this.check(body, '', this.clock.now(), origin);
    if (errors.length) throw validationFailed(errors);
    return event;
  }

  batch(body: unknown): LedgerEvent[] {
    const { value, errors } = validateInput(BatchDto, body);
    const items = Array.isArray(value.events) ? value.events : [];
    if (items.length > this.maxBatchEvents) {
      errors.push({ field: 'events', message: `must hold at most ${this.maxBatchEvents} events (got ${items.length})` });
    }
    const now = this.clock.now();
    const checked = items.map((item, i) => this.check(item, `events[${i}]`, now, 'client'));
    errors.push(...checked.flatMap((c) => c.errors));
    if (errors.length) throw validationFailed(errors);
    return checked.map((c) => c.event);
  }

  private check(input: unknown, path: string, now: number, origin: 'client' | 'service'): { event: LedgerEvent; errors: FieldError[] } {
    const { errors } = validateInput(EventDto, input, { path });
    const event = input as LedgerEvent;
    if (!isJsonObject(input)) return { event, errors };
    // Projection applies a feedback event's importance deltas: only POST /v1/feedback, which checks them, may write one.
    if (origin === 'client' && event.event_type === FEEDBACK_EVENT_TYPE) {
      errors.push({ field: path ? `${path}.event_type` : 'event_type', message: `${FEEDBACK_EVENT_TYPE} is written by POST /v1/feedback only` });
    }
    // The rules may re-flag a field whose format already failed; report each field once.
    const flagged = errors.length ? new Set(errors.map((e) => e.field)) : undefined;
    for (const rule of checkEventRules(event, now, this.limits)) {
      const field = path ? `${path}.${rule.field}` : rule.field;
      if (!flagged?.has(field)) errors.push({ field, message: rule.message });
    }
    return { event: errors.length ? event : normalizeEvent(event), errors };
  }
}
