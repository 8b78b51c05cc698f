import { PartitionRef, StageDefinition, StageStatus } from '@cg/domain';

/** One stream entry as delivered to a consumer group. */
export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/**
 * What a stage does with a batch. Throwing means "this batch failed": the consumer then retries
 * the entries one at a time so a single poison entry cannot hold back the others.
 */
export interface StreamHandler {
  handle(scope: PartitionRef, entries: StreamEntry[]): Promise<void>;
}

/** Where partitions come from (the PartitionRegistry satisfies it). */
export interface PartitionSource {
  list(): Promise<PartitionRef[]>;
}

/** Metric hooks, kept free of any metrics library (libs/platform adapts them to prom-client). */
export interface StreamConsumerMetrics {
  observeBatch(seconds: number): void;
  processed(count: number): void;
  failed(count: number): void;
  deadLettered(count: number): void;
  /** Called every `statusIntervalMs` per partition, e.g. to set a lag gauge. */
  stageStatus?(scope: PartitionRef, status: StageStatus): void;
}

/** The subset of JsonLogger the consumer needs (structural, so libs/redis needs no platform import). */
export interface StreamLogger {
  write(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface StreamConsumerOptions {
  stage: StageDefinition;
  /** Consumer name within the group; unique per process (e.g. `<hostname>-<pid>`). */
  consumer: string;
  batchSize?: number;
  blockMs?: number;
  /** How long an entry must sit pending (dead consumer, or failed here) before it is re-claimed. */
  claimIdleMs?: number;
  /** Failures after which an entry goes to the dead-letter stream. */
  maxRetries?: number;
  discoveryIntervalMs?: number;
  statusIntervalMs?: number;
  /** Pause after a Redis error before the loop tries again. */
  errorBackoffMs?: number;
  metrics?: StreamConsumerMetrics;
  logger?: StreamLogger;
}

export const STREAM_CONSUMER_DEFAULTS = {
  batchSize: 100,
  blockMs: 2_000,
  claimIdleMs: 30_000,
  maxRetries: 5,
  discoveryIntervalMs: 1_000,
  statusIntervalMs: 5_000,
  errorBackoffMs: 1_000,
} as const;

export type ResolvedConsumerOptions = Required<Omit<StreamConsumerOptions, 'metrics' | 'logger'>> &
  Pick<StreamConsumerOptions, 'metrics' | 'logger'>;

export function resolveConsumerOptions(options: StreamConsumerOptions): ResolvedConsumerOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...STREAM_CONSUMER_DEFAULTS, ...defined } as ResolvedConsumerOptions;
}
