import { CommonConfig, loadConfig, readCommonConfig, readStageConsumerConfig, StageConsumerConfig } from '@cg/platform';

export interface ProjectionConfig {
  common: CommonConfig;
  /** Port of the ops server (health, metrics); 0 picks a free one. */
  port: number;
  consumer: StageConsumerConfig;
}

/** Validated at start-up; a bad variable throws a ConfigError naming it. */
export function loadProjectionConfig(source: Record<string, string | undefined> = process.env): ProjectionConfig {
  return loadConfig((env) => ({
    common: readCommonConfig(env),
    port: env.int('PROJECTION_PORT', 8081, 0, 65_535),
    consumer: readStageConsumerConfig(env, 'PROJECTION'),
  }), source);
}
