/** The level of a summary in the hierarchy (SPEC §9): episode → session → agent scope. */
export type SummaryLevel = 'episode' | 'session' | 'agent';

/** One thing a summary covers: an Event node, or a lower-level summary. */
export interface SummarySource {
  id: string;
  text: string;
  occurredMs: number;
  /** `event_type` of an Event, `summary` for a lower-level summary. */
  kind: string;
  importance?: number;
}

export interface SummaryRequest {
  level: SummaryLevel;
  /** What is summarized, oldest first. */
  sources: SummarySource[];
}

/** Which adapter wrote a summary: recorded on the Summary node. */
export type SummaryMethod = 'llm' | 'extractive';

export interface SummaryText {
  text: string;
  method: SummaryMethod;
  /** The LLM model, or the extractive algorithm's name and version. */
  model: string;
}

/** Port (SPEC §9): turns the sources of one summary into its text. Implementations never invent facts. */
export interface Summarizer {
  summarize(request: SummaryRequest): Promise<SummaryText>;
}
