/** JSON over real HTTP, returning status and parsed body. */
export async function request<T = any>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** The stages a stack without the consolidation app runs: what its tests wait for. */
export const UP_TO_ENRICHMENT = ['projection', 'enrichment'];

/** Polls `/v1/admin/pipeline` until every stage (or every one named) has drained. */
export async function waitForDrain(apiUrl: string, timeoutMs = 60_000, stages?: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const { status, body } = await request('GET', `${apiUrl}/v1/admin/pipeline`);
    last = body;
    const rows = status === 200 ? body.stages.filter((s: { stage: string }) => !stages || stages.includes(s.stage)) : [];
    if (status === 200 && rows.every((s: { lag: number; pending: number }) => s.lag === 0 && s.pending === 0)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pipeline did not drain in ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
