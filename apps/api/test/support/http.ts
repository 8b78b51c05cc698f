 
/** An answer of the API: status, headers, and the body parsed when it is JSON. */
export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = any>(method: string, url: string, options: { json?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.raw;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, headers: response.headers, body: isJson && text ? JSON.parse(text) : text };
}

export const post = <T = any>(url: string, json: unknown, headers?: Record<string, string>) => call<T>('POST', url, { json, headers });
export const get = <T = any>(url: string, headers?: Record<string, string>) => call<T>('GET', url, { headers });

/** The fields an error answer names, in order. */
export function fieldsOf(answer: Answer): string[] {
  return answer.body.error.details.map((d: { field: string }) => d.field);
}
