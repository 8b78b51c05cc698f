import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS } from '@cg/redis';

/**
 * The one configuration loader: every app describes its settings with an `EnvReader`, all bad
 * variables are collected, and start-up stops with a message naming each of them.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly source: Record<string, string | undefined>) {}

  private raw(name: string): string | undefined {
    const value = this.source[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  str(name: string, fallback: string, pattern?: RegExp): string {
    const value = this.raw(name) ?? fallback;
    if (pattern && !pattern.test(value)) this.problems.push(`${name}=${JSON.stringify(value)} must match ${pattern}`);
    return value;
  }

  optional(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, fallback: number, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  num(name: string, fallback: number, min = -Infinity, max = Infinity): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be a number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    this.problems.push(`${name}=${JSON.stringify(value)} must be true or false`);
    return fallback;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.raw(name) ?? fallback;
    if (!values.includes(value as T)) {
      this.problems.push(`${name}=${JSON.stringify(value)} must be one of ${values.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.raw(name) ?? fallback;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
    } catch {
      this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
    }
    return value;
  }

  /** Records a problem found by a cross-variable check. */
  fail(name: string, message: string): void {
    this.problems.push(`${name} ${message}`);
  }
}

export function loadConfig<T>(build: (env: EnvReader) => T, source: Record<string, string | undefined> = process.env): T {
  const env = new EnvReader(source);
  const config = build(env);
  if (env.problems.length) throw new ConfigError(env.problems);
  return config;
}

/** Settings every app shares: where Redis is, how keys are laid out, logging and test time. */
export interface CommonConfig {
  nodeEnv: string;
  redisUrl: string;
  /** A Redis command unanswered this long fails (blocking reads get their block time on top). */
  redisCommandTimeoutMs: number;
  keyPrefix: string;
  partitions: number;
  logLevel: LogLevel;
  clockOffsetMs: number;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function readCommonConfig(env: EnvReader): CommonConfig {
  const nodeEnv = env.str('NODE_ENV', 'development');
  const clockOffsetMs = env.int('CLOCK_OFFSET_MS', 0);
  if (clockOffsetMs !== 0 && nodeEnv === 'production') env.fail('CLOCK_OFFSET_MS', 'is for tests and must be 0 in production');
  return {
    nodeEnv,
    redisUrl: env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisCommandTimeoutMs: env.int('REDIS_COMMAND_TIMEOUT_MS', DEFAULT_REDIS_COMMAND_TIMEOUT_MS, 100, 60_000),
    keyPrefix: env.str('KEY_PREFIX', 'cg:', /^[A-Za-z0-9:_.-]{0,64}$/),
    partitions: env.int('PARTITIONS', 1, 1, 1024),
    logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    clockOffsetMs,
  };
}
