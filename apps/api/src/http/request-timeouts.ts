import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions } from 'fastify';
import { errorBody } from '@cg/platform';

/** Node checks request timeouts in a sweep, by default every 30 s; never less often than that. */
const NODE_SWEEP_INTERVAL_MS = 30_000;
/** Sweeps per timeout: a stalled request lives at most 1.25 × the timeout. */
const SWEEPS_PER_TIMEOUT = 4;

/**
 * Server options that close a request whose headers or body do not arrive within `timeoutMs`
 * (SPEC §10; a slowloris client otherwise holds its socket for ever). Node enforces both limits
 * only when its connection sweep runs, so the sweep runs every quarter of the timeout. Idle
 * keep-alive sockets are closed by Fastify's keep-alive timeout (72 s); a request that starts on
 * one is timed like any other.
 */
export function requestTimeoutOptions(timeoutMs: number): Pick<FastifyHttpOptions<never>, 'requestTimeout' | 'http' | 'clientErrorHandler'> {
  return {
    requestTimeout: timeoutMs,
    http: {
      headersTimeout: timeoutMs,
      connectionsCheckingInterval: Math.min(NODE_SWEEP_INTERVAL_MS, Math.ceil(timeoutMs / SWEEPS_PER_TIMEOUT)),
    },
    clientErrorHandler: answerClientError,
  };
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'the request headers or body did not arrive in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'the request headers are too large' },
};
const MALFORMED = { status: 400, code: 'bad_request', message: 'malformed HTTP request' };

/**
 * Errors Node raises before there is a request to route (timeouts, malformed HTTP) answered in the
 * one error shape, then the socket closed. A reset or already closed socket gets nothing.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify(errorBody(code, message));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
