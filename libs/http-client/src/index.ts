/**
 * @cg/http-client — JSON over HTTP to model servers (OpenAI-compatible chat completions and
 * embeddings: LiteLLM, OpenAI, Ollama, vLLM, TEI), shared by @cg/llm and @cg/embedding so timeouts,
 * bounded retries and `Retry-After` behave the same in both. `JsonTestServer` (testing) is a real
 * local server for their tests.
 */
export * from './http-call-error';
export * from './json-endpoint';
export * from './display-url';
export * from './testing/json-test-server';
