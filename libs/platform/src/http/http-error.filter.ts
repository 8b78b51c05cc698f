import { ArgumentsHost, Catch, ExceptionFilter, HttpServer, LoggerService } from '@nestjs/common';
import { toHttpError } from './error-body';

/**
 * Catches everything a request can throw — domain errors, Nest exceptions, the HTTP server's own
 * parser errors, unknown routes — and answers in the one error shape. 5xx details go to the log
 * (with the request id), never to the client.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly adapter: HttpServer,
    private readonly logger: LoggerService,
    private readonly retryAfterSeconds: number,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const { status, body, retryable } = toHttpError(exception);
    const requestId = `request ${String((http.getRequest() as { id?: unknown }).id)}`;
    // An outage is expected and already logged by the client: one line, no stack, per refused request.
    if (retryable) this.logger.warn(`request refused with ${status}: ${(exception as Error).message}`, requestId);
    else if (status >= 500) this.logger.error(`request failed with ${status}`, exception, requestId);
    const response = http.getResponse();
    if (retryable) this.adapter.setHeader(response, 'retry-after', String(this.retryAfterSeconds));
    this.adapter.reply(response, body, status);
  }
}
