// The benchmarks' HTTP client: JSON in and out, and 429 / 503 honoured like any well-behaved client
// (SPEC §10): wait `Retry-After` seconds, then send the same request again (ingest is idempotent).

const MAX_WAIT_MS = 120_000;
export const refusals = { count: 0 };

export async function postJson(url, body) {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    const text = await response.text();
    if ((response.status !== 429 && response.status !== 503) || Date.now() > deadline) {
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }
    refusals.count++;
    const seconds = Number(response.headers.get('retry-after')) || 1;
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }
}
