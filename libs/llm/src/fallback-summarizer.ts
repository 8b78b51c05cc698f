import { Summarizer, SummaryRequest, SummaryText } from '@cg/domain';

/** Told why the primary summarizer failed, before the fallback runs (e.g. to log a warning). */
export type FallbackListener = (error: unknown, request: SummaryRequest) => void;

/**
 * Tries `primary`; on any error tells `onFallback` and returns `fallback`'s summary instead. Each
 * adapter stamps its own `method` and `model`, so the stored summary always says which one wrote it.
 */
export class FallbackSummarizer implements Summarizer {
  constructor(
    private readonly primary: Summarizer,
    private readonly fallback: Summarizer,
    private readonly onFallback?: FallbackListener,
  ) {}

  async summarize(request: SummaryRequest): Promise<SummaryText> {
    try {
      return await this.primary.summarize(request);
    } catch (error) {
      try {
        this.onFallback?.(error, request);
      } catch {
        // a failing listener must not cost the summary
      }
      return this.fallback.summarize(request);
    }
  }
}
