/** One offending input field; `field` is a path such as `occurred_at` or `events[3].event_id`. */
export interface FieldError {
  field: string;
  message: string;
}

export function prefixErrors(prefix: string, errors: FieldError[]): FieldError[] {
  return errors.map((e) => ({ field: `${prefix}.${e.field}`, message: e.message }));
}

/** Failure kinds the domain raises; the HTTP layer maps each to one status code. */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'cursor_expired'
  | 'invalid_cursor'
  | 'partially_written';

export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details: FieldError[] = []) {
    super(message);
    this.name = 'DomainError';
  }
}
