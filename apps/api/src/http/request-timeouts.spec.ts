import { requestTimeoutOptions } from './request-timeouts';

describe('requestTimeoutOptions', () => {
  it('sweeps every quarter of the timeout, never less often than Node\'s 30 s, so a stalled request lives at most 1.25 × the timeout', () => {
    expect(requestTimeoutOptions(30_000)).toMatchObject({ requestTimeout: 30_000, http: { headersTimeout: 30_000, connectionsCheckingInterval: 7_500 } });
    expect(requestTimeoutOptions(1_000).http).toEqual({ headersTimeout: 1_000, connectionsCheckingInterval: 250 });
    expect(requestTimeoutOptions(600_000).http).toEqual({ headersTimeout: 600_000, connectionsCheckingInterval: 30_000 });
  });
});
