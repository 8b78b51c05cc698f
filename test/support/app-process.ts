import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

export type AppName = 'api' | 'projection' | 'enrichment' | 'consolidation';

/** An app running as a real child process, its JSON log lines kept for assertions. */
export class AppProcess {
  readonly lines: Record<string, unknown>[] = [];
  port = 0;
  private readonly exited: Promise<number | null>;

  private constructor(readonly name: AppName, readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts `apps/<name>/dist/main.js` and resolves once it has logged its port and is running. */
  static async start(name: AppName, env: Record<string, string>, timeoutMs = 20_000): Promise<AppProcess> {
    const child = spawn(process.execPath, [path.join(ROOT, 'apps', name, 'dist/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new AppProcess(name, child);
    const stderr: string[] = [];
    readline.createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
    const listening = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${stderr.join('\n')}`)), timeoutMs);
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = parseJson(line);
        if (!entry) return;
        app.lines.push(entry);
        if (typeof entry.port === 'number' && /listening/.test(String(entry.msg))) app.port = entry.port;
        // A worker opens its ops port first and logs `<name> started` once its stage runs.
        if (app.port && (name === 'api' || entry.msg === `${name} started`)) {
          clearTimeout(timer);
          resolve();
        }
      });
      // 'close', not 'exit': by then every line it wrote has been read, its last error log included.
      child.once('close', (code) => {
        clearTimeout(timer);
        const errors = app.lines.filter((line) => line.level === 'error').map((line) => JSON.stringify(line));
        reject(new Error(`${name} exited with ${code} before listening:\n${[...stderr, ...errors].join('\n')}`));
      });
    });
    await listening;
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGTERM and wait for a graceful exit; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL: the process dies mid-work, with no chance to clean up. */
  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

function parseJson(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line);
    return value && typeof value === 'object' ? value : null;
  } catch {
    return null;
  }
}
