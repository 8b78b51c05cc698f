import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { errorBody } from './http/error-body';
import { JsonLogger } from './logger';

/** What a readiness check found; `checks` is shown to the prober as-is (never put secrets in it). */
export interface ReadinessResult {
  ready: boolean;
  checks: Record<string, unknown>;
}

export type ReadinessCheck = () => Promise<ReadinessResult>;

export interface OpsServerOptions {
  /** 0 picks a free port; the chosen one is logged and returned. */
  port: number;
  host?: string;
  registry: Registry;
  ready: ReadinessCheck;
  logger: JsonLogger;
  /** A check that takes longer counts as not ready, so a hung dependency cannot hang the probe. */
  readyTimeoutMs: number;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Health and metrics endpoints for workers, on plain node:http: a worker has no HTTP API, so it
 * needs no Nest HTTP adapter. Logs `ops server listening` with the port (tests started with port 0
 * read it from stdout).
 */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const server = createServer((req, res) => {
    route(req, options).then(
      ({ status, type, body }) => send(res, status, type, body),
      (error: Error) => {
        options.logger.write('error', 'ops request failed', { path: req.url, error });
        send(res, 500, JSON_TYPE, JSON.stringify(errorBody('internal_error', 'internal server error')));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info('ops server listening', { port, host: options.host });
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';

interface Reply {
  status: number;
  type: string;
  body: string;
}

async function route(req: IncomingMessage, options: OpsServerOptions): Promise<Reply> {
  const path = new URL(req.url ?? '/', 'http://ops').pathname;
  const json = (status: number, body: unknown): Reply => ({ status, type: JSON_TYPE, body: JSON.stringify(body) });
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return json(405, errorBody('method_not_allowed', `${req.method} is not allowed`));
  }
  switch (path) {
    case '/health/live':
      return json(200, { status: 'ok' });
    case '/health/ready': {
      const result = await checkReady(options);
      return json(result.ready ? 200 : 503, { status: result.ready ? 'ok' : 'unavailable', checks: result.checks });
    }
    case '/metrics':
      return { status: 200, type: options.registry.contentType, body: await options.registry.metrics() };
    default:
      return json(404, errorBody('not_found', `no route ${path}`));
  }
}

async function checkReady(options: OpsServerOptions): Promise<ReadinessResult> {
  const timeoutMs = options.readyTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ReadinessResult>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, checks: { error: `readiness check timed out after ${timeoutMs} ms` } }), timeoutMs);
  });
  try {
    return await Promise.race([options.ready(), timeout]);
  } catch (error) {
    return { ready: false, checks: { error: (error as Error).message } };
  } finally {
    clearTimeout(timer);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
