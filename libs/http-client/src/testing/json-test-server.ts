/** For tests of model-server clients (chat completions, embeddings, e2e): a real local server, no network. */
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request the server received, its JSON body parsed (or the raw text when it is not JSON). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Whatever the client sent (parsed JSON, or the raw text): each test reads the fields it checks. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string as it is. */
  body?: unknown;
  /** Wait this long before answering (the client may give up first). */
  delayMs?: number;
}

/** Decides the reply to the `n`-th request (0-based) of the current test. */
export type Responder = (request: RecordedRequest, n: number) => Reply;

/**
 * A real HTTP server on 127.0.0.1 (port 0) that records every request and answers with what the
 * test's `respond` says; `reset` restores the protocol's default answer between tests.
 */
export class JsonTestServer {
  readonly requests: RecordedRequest[] = [];
  respond: Responder;
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly defaultResponder: Responder) {
    this.respond = defaultResponder;
  }

  get baseUrl(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown = raw;
        try {
          body = JSON.parse(raw);
        } catch {
          // keep the raw text
        }
        const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
        this.requests.push(recorded);
        const reply = this.respond(recorded, this.requests.length - 1);
        const send = () => {
          if (res.destroyed) return;
          const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
          res.end(payload);
        };
        if (!reply.delayMs) return send();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, reply.delayMs);
        this.timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          this.timers.delete(timer);
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** Forgets the requests and restores the default answer, between tests. */
  reset(): void {
    this.requests.length = 0;
    this.respond = this.defaultResponder;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }
}

/** A URL on which nothing listens: a port that was free a moment ago. */
export async function deadBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
