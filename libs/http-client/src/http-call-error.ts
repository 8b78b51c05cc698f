/** A call to a model server that did not yield an answer. `retryable` says whether trying again may help. */
export class HttpCallError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** The wait the server asked for (`Retry-After`), in milliseconds, when it did. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpCallError';
  }
}

/** A client's own subclass, so its callers catch the type they know (`LlmError`, `EmbeddingError`). */
export type HttpCallErrorClass<E extends HttpCallError> = new (
  message: string,
  retryable: boolean,
  status?: number,
  retryAfterMs?: number,
  options?: { cause?: unknown },
) => E;
