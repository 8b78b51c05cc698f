import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** An app's `src/main.ts` running as a real child process, its output kept for assertions. */
export interface MainProcess {
  proc: ChildProcessWithoutNullStreams;
  out: string[];
  err: string[];
  exit: Promise<number | null>;
  /** The JSON log lines written to stdout so far. */
  logs(): Record<string, unknown>[];
}

/** The repository root, from libs/platform/{src,dist}/testing. */
const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Runs `<appDir>/src/main.ts`, transpiled on the fly (scripts/swc-register.js), with only PATH and
 * `env` in its environment: what the apps' start-up tests need (config errors, signals, log lines).
 */
export function runMain(appDir: string, env: Record<string, string>): MainProcess {
  const proc = spawn(process.execPath, ['-r', join(ROOT, 'scripts', 'swc-register.js'), 'src/main.ts'], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  const out: string[] = [];
  const err: string[] = [];
  proc.stdout.on('data', (d) => out.push(String(d)));
  proc.stderr.on('data', (d) => err.push(String(d)));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const logs = () => out.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { proc, out, err, exit, logs };
}

/** Polls `check` every 50 ms until it gives a value, or throws after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A port some other server holds (on 127.0.0.1, a free port), for start-up tests of a taken port. */
export async function takenPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}
