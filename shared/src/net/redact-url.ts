// URLs in messages without their secrets: feed and webhook URLs often carry a token in the
// query (`?token=`, `?api_key=`, signed `X-Amz-Signature=`) or credentials before the host.
// Error messages (stored on feed status, shown on the dashboard, logged) name a URL only this way.

/** Query parameter names whose values are kept; every other value is redacted. */
const HARMLESS = new Set(['page', 'p', 'format', 'type', 'lang', 'hl', 'feed', 'output', 'rss']);
const MASK = '[REDACTED]';

/** A URL as text with credentials dropped and query values redacted (names kept). */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : new URL(input.href);
  } catch {
    return redactUnparsable(String(input));
  }
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  const query = [...url.searchParams.keys()]
    .map(
      (k) =>
        `${encodeURIComponent(k)}=${HARMLESS.has(k.toLowerCase()) ? encodeURIComponent(url.searchParams.get(k) ?? '') : MASK}`,
    )
    .join('&');
  url.search = '';
  url.hash = '';
  return `${url.href}${query ? `?${query}` : ''}`;
}

/** Text that is not a URL at all: only what precedes a query, fragment or credentials. */
function redactUnparsable(text: string): string {
  const cut = text.search(/[?#\s]/);
  const head = (cut >= 0 ? text.slice(0, cut) : text).replace(/\/\/[^/@]*@/, '//');
  return `${head.slice(0, 100)}${cut >= 0 || head.length > 100 ? '…' : ''}`;
}

/** Every http(s) URL inside a message, redacted. */
export function redactUrlsIn(text: string): string {
  return text.replace(/\bhttps?:\/\/[^\s"'<>]+/gi, (m) => redactUrl(m));
}
