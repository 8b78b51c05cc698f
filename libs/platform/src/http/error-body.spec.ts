import { DomainError } from '@cg/domain';
import { isRedisUnavailable, toHttpError } from './error-body';

describe('toHttpError', () => {
  it.each([
    ['validation_failed', 422],
    ['invalid_cursor', 422],
    ['not_found', 404],
    ['conflict', 409],
    ['cursor_expired', 410],
  ] as const)('maps the domain code %s to %i, keeping its details', (code, status) => {
    const details = [{ field: 'f', message: 'm' }];
    expect(toHttpError(new DomainError(code, 'msg', details))).toEqual({ status, body: { error: { code, message: 'msg', details } }, retryable: false });
  });

  it('answers a batch written part-way with a retryable 503 naming what each event got', () => {
    const details = [{ field: 'events[0]', message: 'accepted at 1-0' }, { field: 'events[1]', message: 'not written (or unknown): retry it' }];
    expect(toHttpError(new DomainError('partially_written', 'msg', details))).toEqual({ status: 503, body: { error: { code: 'partially_written', message: 'msg', details } }, retryable: true });
  });

  it('keeps a 4xx of the HTTP server (statusCode) or of Nest (getStatus/getResponse)', () => {
    const fastify = Object.assign(new Error('Request body is too large'), { statusCode: 413 });
    expect(toHttpError(fastify).body.error).toEqual({ code: 'payload_too_large', message: 'Request body is too large', details: [] });
    const nest = { getStatus: () => 400, getResponse: () => ({ message: ['a', 'b'], statusCode: 400 }) };
    expect(toHttpError(nest)).toMatchObject({ status: 400, body: { error: { code: 'bad_request', message: 'a; b' } } });
  });

  it('answers an unreachable or frozen Redis with a retryable 503', () => {
    for (const error of [new Error("Stream isn't writeable and enableOfflineQueue options is false"), new Error('Connection is closed.'),
      new Error('Command timed out'),
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), Object.assign(new Error('x'), { name: 'MaxRetriesPerRequestError' })]) {
      expect(isRedisUnavailable(error)).toBe(true);
      expect(toHttpError(error)).toMatchObject({ status: 503, retryable: true, body: { error: { code: 'unavailable' } } });
    }
  });

  it('says nothing internal about anything else', () => {
    const answer = toHttpError(new TypeError('cannot read x of undefined at /srv/app.js:1'));
    expect(answer).toEqual({ status: 500, body: { error: { code: 'internal_error', message: 'internal server error', details: [] } }, retryable: false });
  });
});
