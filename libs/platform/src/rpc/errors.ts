/** No reply came within the caller's bound: no replica running, or all of them too busy. */
export class RpcTimeoutError extends Error {
  constructor(readonly pattern: string, readonly timeoutMs: number) {
    super(`No reply to "${pattern}" within ${timeoutMs} ms (is a replica of the answering service running?)`);
    this.name = 'RpcTimeoutError';
  }
}

/** The answering service replied with an error (its handler threw, or it has no handler for the pattern). */
export class RpcRemoteError extends Error {
  constructor(readonly pattern: string, readonly error: unknown) {
    super(`"${pattern}" failed in the answering service: ${describe(error)}`);
    this.name = 'RpcRemoteError';
  }
}

function describe(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}
