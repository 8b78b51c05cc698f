/** A base URL as it may be shown: scheme, host and path, without credentials or query. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '<invalid url>';
  }
}
