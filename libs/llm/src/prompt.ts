import { SummaryLevel, SummaryRequest, SummarySource } from '@cg/domain';

/** One chat message of the OpenAI chat-completions protocol. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A source longer than this (a tool's whole output) reaches the model cut, marked with "…". */
export const MAX_PROMPT_SOURCE_CHARS = 2_000;

const LEVEL_SCOPE: Record<SummaryLevel, string> = {
  episode: 'one episode: a short run of related events of an AI agent',
  session: 'one session of an AI agent, from the summaries of its episodes',
  agent: "an AI agent's long-term memory, from the summaries of its sessions",
};

const SYSTEM_PROMPT = [
  'You write the memory summaries of an AI agent. They are stored and later retrieved as facts, so they must be grounded:',
  '- Use only facts stated in the numbered sources. Add nothing from outside them: no speculation, no advice, no guesses at intent.',
  '- Keep names, identifiers, numbers, versions, dates and times exactly as written.',
  '- Mention every failure, error or timeout, and its cause when a source states one.',
  '- When sources disagree, say so rather than choosing.',
  '- Write plain prose in the past tense, at most 120 words, with no preamble, no headings and no source numbers.',
].join('\n');

/** The chat messages asking for one grounded summary of `request` (sources oldest first, ids left out). */
export function summaryMessages(request: SummaryRequest): ChatMessage[] {
  const sources = [...request.sources].sort((a, b) => a.occurredMs - b.occurredMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const listed = sources.map((source, i) => `[${i + 1}] ${sourceLine(source)}\n${clip(source.text.trim())}`);
  const user = [
    `Summarize the ${sources.length} numbered sources below as ${LEVEL_SCOPE[request.level]} (level: ${request.level}).`,
    '',
    ...listed.flatMap((entry) => [entry, '']),
    'Summary:',
  ].join('\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    { role: 'user', content: user },
  ];
}

function sourceLine(source: SummarySource): string {
  const when = Number.isFinite(source.occurredMs) ? new Date(source.occurredMs).toISOString() : 'unknown time';
  const importance = source.importance === undefined ? '' : `, importance ${source.importance}/10`;
  return `${when}, ${source.kind}${importance}`;
}

function clip(text: string): string {
  return text.length <= MAX_PROMPT_SOURCE_CHARS ? text : `${text.slice(0, MAX_PROMPT_SOURCE_CHARS - 1)}…`;
}
