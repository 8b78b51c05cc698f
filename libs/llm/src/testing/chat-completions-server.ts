/** For tests of chat-completions clients (libs/llm, e2e): a real local server, no network. */
import { JsonTestServer, Reply } from '@cg/http-client';

/** A chat-completions answer as OpenAI (and LiteLLM, Ollama, vLLM) send it. */
export function chatAnswer(content: string | null, totalTokens?: number): Reply {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_740_000_000,
      model: 'served-model',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      ...(totalTokens === undefined ? {} : { usage: { prompt_tokens: totalTokens - 10, completion_tokens: 10, total_tokens: totalTokens } }),
    },
  };
}

/** Speaks just enough of `POST /v1/chat/completions`: answers "A summary." unless a test says otherwise. */
export class ChatCompletionsServer extends JsonTestServer {
  constructor() {
    super(() => chatAnswer('A summary.'));
  }
}
