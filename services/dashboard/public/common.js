// What every dashboard page shares: building nodes (values always as text, never parsed as HTML),
// the page links in the header, JSON requests to the dashboard, and the formats and chips the
// pages show alike. Plain ES module, served as /static/common.js.

export const $ = (id) => document.getElementById(id);
export const SVG = 'http://www.w3.org/2000/svg';

/** An element: attributes (`class`, `on<event>` listeners, the rest as attributes), then children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) el.setAttribute(k, v);
  }
  for (const c of children.flat())
    el.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return el;
}

/** An <svg> of the given size, and `add(tag, attrs, text)` that appends a child and returns it. */
export function svgCanvas(width, height) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  return { svg, add };
}

// ---- the header's page links ----
const PAGES = [
  ['live', '/', 'Live'],
  ['search', '/search', 'Search'],
  ['history', '/history', 'Alert history'],
  ['trends', '/trends', 'Trends'],
  ['audit', '/audit', 'Audit'],
];

/** Fills the header's <nav class="pages"> with every page, `current` marked as the one shown. */
export function renderPageNav(current) {
  document
    .querySelector('nav.pages')
    .replaceChildren(
      ...PAGES.map(([page, href, label]) =>
        h('a', { href, 'aria-current': page === current ? 'page' : undefined }, label),
      ),
    );
}

// ---- requests ----
/** `path?params`, leaving out parameters that are undefined or empty. */
export function withQuery(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  return q.size ? `${path}?${q}` : path;
}

export const getJson = (path) => request(path, { credentials: 'same-origin' });

/** A change: the dashboard takes POSTs only with x-faultline (no cross-site form can set it). */
export const postJson = (path, body) =>
  request(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'x-faultline': '1',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** The answer's JSON; a refusal throws with the server's reason and carries its status. */
async function request(path, init) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    // The archive answers problem+json (its detail names the parameter or the cause); the
    // dashboard { error }, e.g. a 403 that says why a change is refused (roles, no token).
    const reason = body?.detail ?? body?.title ?? body?.error;
    throw Object.assign(new Error(reason || `${path}: HTTP ${res.status}`), { status: res.status });
  }
  return body;
}

/** A function that shows an error (or clears it, given none) in the element `id`. */
export const errorLine =
  (id, prefix = '') =>
  (err) => {
    $(id).textContent = err ? `${prefix}${err.message ?? err}` : '';
  };

// ---- formats ----
/** A count or rate: whole numbers from 100, one decimal below. */
export const fmt = (n) =>
  n === null || n === undefined
    ? '–'
    : n >= 100
      ? Math.round(n).toLocaleString('en')
      : String(Math.round(n * 10) / 10);

export const ago = (iso) => {
  if (!iso) return '–';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  return s < 90
    ? `${s}s ago`
    : s < 5400
      ? `${Math.round(s / 60)}m ago`
      : `${Math.round(s / 3600)}h ago`;
};

/** An ISO time as `YYYY-MM-DD HH:MM` (with `:SS` given seconds). */
export const when = (iso, seconds = false) =>
  iso ? iso.slice(0, seconds ? 19 : 16).replace('T', ' ') : '–';

// ---- alert parts ----
export const severityBadge = (severity) => h('span', { class: `sev ${severity}` }, severity);

/** One chip per delivery attempt: destination, outcome and attempt, the error as its title. */
export const deliveryChips = (deliveries) =>
  deliveries.map((d) =>
    h(
      'span',
      { class: `chip ${d.outcome}`, title: d.error ?? '' },
      `${d.destination}: ${d.outcome}${d.attempt ? ` (#${d.attempt})` : ''}`,
    ),
  );

/** A link to a story's archive page. */
export const storyLink = (id, text) => h('a', { href: `/stories/${encodeURIComponent(id)}` }, text);

/** A link out, only ever http(s); anything else stays plain text. */
export const webLink = (url, text) =>
  url && /^https?:\/\//i.test(url)
    ? h('a', { href: url, rel: 'noreferrer', target: '_blank' }, text)
    : text;
