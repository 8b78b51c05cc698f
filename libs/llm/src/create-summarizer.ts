import { ExtractiveOptions, ExtractiveSummarizer, Summarizer } from '@cg/domain';
import { LlmBudget } from './budget';
import { FallbackListener, FallbackSummarizer } from './fallback-summarizer';
import { LlmRetryEvent, OpenAiSummarizer } from './openai-summarizer';
import { DEFAULT_LLM_SETTINGS, LlmSettings, llmConfigured } from './settings';

export interface CreateSummarizerOptions {
  /** The pass's cost cap; by default a fresh `LlmBudget(settings.maxTokensPerPass)`. */
  budget?: LlmBudget;
  onFallback?: FallbackListener;
  onRetry?: (event: LlmRetryEvent) => void;
  extractive?: ExtractiveOptions;
}

/**
 * The summarizer a consolidation pass uses (SPEC §9): the extractive one alone when no endpoint and
 * model are configured, else the LLM with the extractive one as its fallback. Cheap to build (no
 * connection is opened): make one per pass, so each pass gets its own token budget —
 *
 *     const budget = new LlmBudget(settings.maxTokensPerPass);
 *     const summarizer = createSummarizer(settings, { budget, onFallback: (e) => log.warn(...) });
 */
export function createSummarizer(settings: Partial<LlmSettings> = {}, options: CreateSummarizerOptions = {}): Summarizer {
  const extractive = new ExtractiveSummarizer(options.extractive);
  if (!llmConfigured(settings)) return extractive;
  const s = { ...DEFAULT_LLM_SETTINGS, ...definedOnly(settings) };
  const llm = new OpenAiSummarizer({
    baseUrl: s.baseUrl!,
    model: s.model!.trim(),
    apiKey: s.apiKey?.trim() || undefined,
    timeoutMs: s.timeoutMs,
    maxRetries: s.maxRetries,
    maxOutputTokens: s.maxOutputTokens,
    retryBaseMs: s.retryBaseMs,
    maxRetryDelayMs: s.maxRetryDelayMs,
    budget: options.budget ?? new LlmBudget(s.maxTokensPerPass),
    onRetry: options.onRetry,
  });
  return new FallbackSummarizer(llm, extractive, options.onFallback);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
