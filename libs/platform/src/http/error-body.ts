import { DomainError, ErrorCode, FieldError } from '@cg/domain';
import { COMMAND_TIMED_OUT } from '@cg/redis';

/** The one error shape of every HTTP answer (SPEC §7). */
export interface ErrorBody {
  error: { code: string; message: string; details: FieldError[] };
}

export function errorBody(code: string, message: string, details: FieldError[] = []): ErrorBody {
  return { error: { code, message, details } };
}

/** An error as it goes on the wire: status, body, and when to retry for a 503. */
export interface HttpError {
  status: number;
  body: ErrorBody;
  retryable: boolean;
}

const DOMAIN_STATUS: Record<ErrorCode, number> = {
  validation_failed: 422,
  not_found: 404,
  conflict: 409,
  cursor_expired: 410,
  invalid_cursor: 422,
  partially_written: 503,
};

const STATUS_CODE: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Errors that mean Redis cannot be reached right now — refused, dropped, still loading, or not
 * answering within the command timeout (a frozen server) — so the client should retry, not give up.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNREACHABLE_MESSAGES = /Stream isn't writeable|Connection is closed|Reached the max retries per request|^LOADING /;

export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError' || error.message === COMMAND_TIMED_OUT) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && UNREACHABLE_CODES.has(code)) || UNREACHABLE_MESSAGES.test(error.message);
}

/**
 * Maps anything thrown while serving a request onto the wire. Duck-typed on purpose: Nest's
 * `HttpException` (getStatus/getResponse) and Fastify's errors (statusCode) come from packages this
 * library does not depend on. Anything unrecognised is a 500 whose message says nothing internal.
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof DomainError) {
    const status = DOMAIN_STATUS[error.code];
    return { status, body: errorBody(error.code, error.message, error.details), retryable: status === 503 };
  }
  if (isRedisUnavailable(error)) {
    return { status: 503, body: errorBody('unavailable', 'storage is unreachable; retry shortly'), retryable: true };
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, body: errorBody(STATUS_CODE[status] ?? 'client_error', clientMessage(error)), retryable: false };
  }
  if (status === 503) return { status, body: errorBody('unavailable', clientMessage(error)), retryable: true };
  return { status: 500, body: errorBody('internal_error', 'internal server error'), retryable: false };
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { getStatus?: () => unknown; statusCode?: unknown };
  const status = typeof candidate.getStatus === 'function' ? candidate.getStatus() : candidate.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A 4xx message: Nest wraps it in `{message}` (sometimes an array), Fastify puts it on the error. */
function clientMessage(error: unknown): string {
  const candidate = error as { getResponse?: () => unknown; message?: unknown };
  const response = typeof candidate.getResponse === 'function' ? candidate.getResponse() : undefined;
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return typeof candidate.message === 'string' ? candidate.message : 'request refused';
}
