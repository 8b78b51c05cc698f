import { DEFAULT_EPISODE_GAP_MS, DEFAULT_FORGETTING, DEFAULT_REFLECTION_THRESHOLD, ForgettingPolicy } from '@cg/domain';
import { DEFAULT_LLM_SETTINGS, LlmSettings } from '@cg/llm';
import {
  CommonConfig, EnvReader, loadConfig, OpsConfig, readCommonConfig, readOpsConfig, readStageConsumerConfig, StageConsumerConfig,
} from '@cg/platform';

export interface ConsolidationConfig {
  common: CommonConfig;
  /** Where the ops server (health, metrics) listens. */
  ops: OpsConfig;
  consumer: StageConsumerConfig;
  /** A full pass over every known agent scope runs this often; 0 turns the schedule off. */
  intervalMs: number;
  /** Summed importance since the last reflection above which a scope is consolidated at once (SPEC §6). */
  reflectionThreshold: number;
  /** A pause longer than this between two events of a session starts a new episode. */
  episodeGapMs: number;
  /** Expiry of a scope lock; its holder renews it every third of this while a pass runs. */
  lockTtlMs: number;
  /** The OpenAI-compatible summarizer; without `baseUrl` and `model`, summaries are extractive. */
  llm: LlmSettings;
  /** Forgetting tiers of the graph (SPEC §9). */
  forgetting: ForgettingPolicy;
  /** Stage-stream entries older than this are trimmed once every reader is done with them (SPEC §4 hot window). */
  streamRetentionMs: number;
  /** Event documents older than this leave the ledger, with what recognises their repeats (the retention ceiling). */
  ledgerRetentionMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Validated at start-up; a bad variable throws a ConfigError naming it. */
export function loadConsolidationConfig(source: Record<string, string | undefined> = process.env): ConsolidationConfig {
  return loadConfig((env) => {
    const baseUrl = env.optional('LLM_BASE_URL');
    const model = env.optional('LLM_MODEL');
    if (baseUrl !== undefined) env.url('LLM_BASE_URL', baseUrl, ['http:', 'https:']);
    if ((baseUrl === undefined) !== (model === undefined)) env.fail(baseUrl ? 'LLM_MODEL' : 'LLM_BASE_URL', 'must be set too: LLM_BASE_URL and LLM_MODEL go together');
    return {
      common: readCommonConfig(env),
      ops: readOpsConfig(env, 'CONSOLIDATION_PORT', 8083),
      consumer: readStageConsumerConfig(env, 'CONSOLIDATION'),
      intervalMs: env.int('CONSOLIDATION_INTERVAL_MS', 6 * HOUR_MS, 0, 30 * 24 * HOUR_MS),
      reflectionThreshold: env.num('REFLECTION_THRESHOLD', DEFAULT_REFLECTION_THRESHOLD, 0),
      episodeGapMs: env.int('EPISODE_GAP_MS', DEFAULT_EPISODE_GAP_MS, 1, 7 * 24 * HOUR_MS),
      lockTtlMs: env.int('CONSOLIDATION_LOCK_TTL_MS', 60_000, 1_000, HOUR_MS),
      llm: {
        baseUrl,
        model,
        apiKey: env.optional('LLM_API_KEY'),
        timeoutMs: env.int('LLM_TIMEOUT_MS', DEFAULT_LLM_SETTINGS.timeoutMs, 100, 600_000),
        maxRetries: env.int('LLM_MAX_RETRIES', DEFAULT_LLM_SETTINGS.maxRetries, 0, 10),
        maxTokensPerPass: env.int('LLM_MAX_TOKENS_PER_PASS', DEFAULT_LLM_SETTINGS.maxTokensPerPass, 1, 100_000_000),
      },
      forgetting: forgettingPolicy(env),
      streamRetentionMs: env.int('STREAM_RETENTION_MS', 7 * DAY_MS, 0, 3650 * DAY_MS),
      ledgerRetentionMs: env.int('LEDGER_RETENTION_MS', 90 * DAY_MS, 0, 36500 * DAY_MS),
    };
  }, source);
}

/** The tier windows, each past the one before (hot < warm < cold). */
function forgettingPolicy(env: EnvReader): ForgettingPolicy {
  const hotMs = env.int('FORGET_HOT_MS', DEFAULT_FORGETTING.hotMs, 0, 3650 * DAY_MS);
  const warmMs = env.int('FORGET_WARM_MS', DEFAULT_FORGETTING.warmMs, 0, 3650 * DAY_MS);
  const coldMs = env.int('FORGET_COLD_MS', DEFAULT_FORGETTING.coldMs, 0, 3650 * DAY_MS);
  if (warmMs < hotMs) env.fail('FORGET_WARM_MS', `must be at least FORGET_HOT_MS (${hotMs})`);
  if (coldMs < warmMs) env.fail('FORGET_COLD_MS', `must be at least FORGET_WARM_MS (${warmMs})`);
  return { ...DEFAULT_FORGETTING, hotMs, warmMs, coldMs };
}
