import { CommonConfig, loadConfig, OpsConfig, readCommonConfig, readOpsConfig, readStageConsumerConfig, StageConsumerConfig } from '@cg/platform';

export interface ProjectionConfig {
  common: CommonConfig;
  /** Where the ops server (health, metrics) listens. */
  ops: OpsConfig;
  consumer: StageConsumerConfig;
}

/** Validated at start-up; a bad variable throws a ConfigError naming it. */
export function loadProjectionConfig(source: Record<string, string | undefined> = process.env): ProjectionConfig {
  return loadConfig((env) => ({
    common: readCommonConfig(env),
    ops: readOpsConfig(env, 'PROJECTION_PORT', 8081),
    consumer: readStageConsumerConfig(env, 'PROJECTION'),
  }), source);
}
