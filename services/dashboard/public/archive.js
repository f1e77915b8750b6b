// The archive pages: search, a story with every source, the alert history and long tension
// trends, read from the archive's /api/v1 through the dashboard (same origin, same sign-in).
// No framework; every value from the server is set with textContent (titles and snippets come
// from the web), and links are only ever http(s) or this dashboard's own pages.

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

function h(tag, attrs = {}, ...children) {
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

const when = (iso) => (iso ? iso.slice(0, 16).replace('T', ' ') : '–');
const storyLink = (id, text) => h('a', { href: `/stories/${encodeURIComponent(id)}` }, text);
const webLink = (url, text) =>
  url && /^https?:\/\//i.test(url)
    ? h('a', { href: url, rel: 'noreferrer', target: '_blank' }, text)
    : text;

async function api(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const res = await fetch(`/api/v1/${path}${q.size ? `?${q}` : ''}`, {
    credentials: 'same-origin',
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    // problem+json from the archive: its detail names the parameter or the cause.
    const msg = body?.detail ?? body?.title ?? body?.error ?? `${res.status}`;
    throw Object.assign(new Error(msg), { status: res.status });
  }
  return body;
}

function showError(err) {
  $('archive-error').textContent = err ? `archive: ${err.message}` : '';
}

/** A snippet with its <mark></mark> matches, built as nodes (never parsed as HTML). */
function snippet(text) {
  const out = h('p', { class: 'snippet' });
  const parts = String(text ?? '').split(/(<mark>|<\/mark>)/);
  let marked = false;
  for (const p of parts) {
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) out.append(marked ? h('mark', {}, p) : document.createTextNode(p));
  }
  return out;
}

// ---- search ----
const search = { params: null, cursor: null };

function formParams(form) {
  return Object.fromEntries([...new FormData(form)].filter(([, v]) => String(v).trim() !== ''));
}

async function runSearch(params, append = false) {
  search.params = params;
  const note = $('search-note');
  try {
    const page = await api('search', {
      ...params,
      limit: 20,
      cursor: append ? search.cursor : undefined,
    });
    showError(null);
    search.cursor = page.nextCursor;
    const rows = page.items.map((hit) =>
      h(
        'li',
        { 'data-item-id': hit.itemId, 'data-story-id': hit.storyId },
        h(
          'div',
          {},
          h('span', { class: 'score' }, hit.tensionScore.toFixed(2)),
          storyLink(hit.storyId, hit.title),
          h('span', { class: 'chip lang' }, hit.language),
        ),
        h(
          'div',
          { class: 'meta' },
          `${when(hit.ts)} · ${hit.feedId}`,
          hit.topics.length ? ` · ${hit.topics.join(', ')}` : '',
          hit.entityIds.length ? ` · ${hit.entityIds.join(', ')}` : '',
          ' · ',
          webLink(hit.url, 'original'),
        ),
        snippet(hit.snippet),
      ),
    );
    if (append) $('search-results').append(...rows);
    else $('search-results').replaceChildren(...rows);
    $('search-more').hidden = !page.nextCursor;
    const n = $('search-results').children.length;
    note.textContent = n
      ? `${n} result${n === 1 ? '' : 's'}${page.nextCursor ? ' so far' : ''}`
      : `nothing archived matches "${params.q}"`;
  } catch (err) {
    showError(err);
    note.textContent = '';
  }
}

function initSearch() {
  const form = $('search-form');
  const url = new URL(location.href);
  for (const [k, v] of url.searchParams) if (form.elements[k]) form.elements[k].value = v;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = formParams(form);
    history.replaceState(null, '', `/search?${new URLSearchParams(params)}`);
    void runSearch(params);
  });
  $('search-more').addEventListener('click', () => void runSearch(search.params, true));
  if (url.searchParams.get('q')) void runSearch(formParams(form));
}

// ---- story ----
async function initStory(id) {
  let story;
  try {
    story = await api(`stories/${encodeURIComponent(id)}`);
  } catch (err) {
    $('story-title').textContent = err.status === 404 ? 'No such story in the archive' : 'Story';
    return showError(err.status === 404 ? null : err);
  }
  document.title = `${story.title} · Faultline`;
  $('story-title').textContent = story.title;
  const feeds = new Set(story.sources.map((s) => s.feedId));
  $('story-meta').textContent =
    `first seen ${when(story.firstSeen)}, last ${when(story.lastSeen)} · ${story.sources.length} copies from ${feeds.size} feed${feeds.size === 1 ? '' : 's'}`;
  $('story-sources').tBodies[0].replaceChildren(
    ...story.sources.map((s) =>
      h(
        'tr',
        { 'data-item-id': s.itemId },
        h('td', {}, when(s.seenAt)),
        h('td', {}, s.feedId),
        h('td', {}, webLink(s.url, s.domain ?? s.url ?? '–')),
        h('td', {}, s.title ?? ''),
      ),
    ),
  );
  $('story-entities').replaceChildren(
    ...story.entities.map((e) =>
      h(
        'li',
        { class: 'chip', 'data-entity-id': e.entityId, title: `${e.type} ${e.entityId}` },
        `${e.name} (${e.count})`,
      ),
    ),
  );
  $('story-items').replaceChildren(
    ...story.items.map((i) =>
      h(
        'li',
        { 'data-item-id': i.itemId },
        h(
          'div',
          {},
          h('span', { class: 'score' }, i.tensionScore.toFixed(2)),
          webLink(i.url, i.title),
        ),
        h(
          'div',
          { class: 'meta' },
          `${when(i.ts)} · ${i.feedId} · ${i.language}`,
          i.dyads.length ? ` · ${i.dyads.map((d) => d.replace('|', ' → ')).join(', ')}` : '',
        ),
        ...(i.evidence ?? []).map((t) =>
          h(
            'div',
            { class: 'evidence', 'data-topic': t.topic },
            `${t.topic} (CAMEO ${t.cameo}, ${Number(t.score).toFixed(2)}): `,
            (t.evidence ?? []).map((s) => `“${s.text}”`).join(' … '),
          ),
        ),
      ),
    ),
  );
  $('story-alerts').replaceChildren(
    ...(story.alerts.length
      ? story.alerts.map((a) =>
          h(
            'li',
            { 'data-alert-key': a.alertKey },
            h('span', { class: `sev ${a.severity}` }, a.severity),
            ` ${a.ruleId} · ${when(a.createdAt)}${a.isUpdate ? ' (update)' : ''}`,
          ),
        )
      : [h('li', { class: 'note' }, 'no alert on this story')]),
  );
}

// ---- alert history ----
const hist = { params: null, cursor: null };

async function runHistory(params, append = false) {
  hist.params = params;
  try {
    const page = await api('alerts', {
      ...params,
      limit: 50,
      cursor: append ? hist.cursor : undefined,
    });
    showError(null);
    hist.cursor = page.nextCursor;
    const rows = page.items.map((a) =>
      h(
        'li',
        { 'data-alert-key': a.alertKey, 'data-story-id': a.storyId, 'data-severity': a.severity },
        h(
          'div',
          {},
          h('span', { class: `sev ${a.severity}` }, a.severity),
          storyLink(a.storyId, a.title),
          a.isUpdate ? ' (update)' : '',
        ),
        h(
          'div',
          { class: 'meta' },
          `${a.ruleName} (${a.ruleId}) · ${when(a.createdAt)} · score ${a.score.toFixed(2)} · `,
          webLink(a.url, 'original'),
        ),
        h(
          'div',
          {},
          ...a.deliveries.map((d) =>
            h(
              'span',
              { class: `chip ${d.outcome}`, title: d.error ?? '' },
              `${d.destination}: ${d.outcome}${d.attempt ? ` (#${d.attempt})` : ''}`,
            ),
          ),
        ),
      ),
    );
    if (append) $('history').append(...rows);
    else $('history').replaceChildren(...rows);
    $('history-more').hidden = !page.nextCursor;
    $('history-note').textContent = $('history').children.length ? '' : 'no alert in this range';
  } catch (err) {
    showError(err);
  }
}

function initHistory() {
  const form = $('history-form');
  const url = new URL(location.href);
  for (const [k, v] of url.searchParams) if (form.elements[k]) form.elements[k].value = v;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = formParams(form);
    history.replaceState(null, '', `/history?${new URLSearchParams(params)}`);
    void runHistory(params);
  });
  $('history-more').addEventListener('click', () => void runHistory(hist.params, true));
  void runHistory(formParams(form));
}

// ---- trends ----
let trendSeq = 0;
async function drawTrend(days) {
  const form = $('trends-form');
  const a = form.elements.a.value.trim().toUpperCase();
  const b = form.elements.b.value.trim().toUpperCase();
  for (const btn of form.querySelectorAll('[data-days]'))
    btn.className = Number(btn.dataset.days) === days ? 'on' : '';
  history.replaceState(null, '', `/trends?${new URLSearchParams({ a, b, days })}`);
  const box = $('trend-chart');
  const seq = (trendSeq += 1);
  box.dataset.days = String(days);
  delete box.dataset.bucket;
  let series;
  try {
    series = await api(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/series`, {
      since: `${days}d`,
      bucket: days <= 7 ? 'hour' : days <= 90 ? 'day' : 'week',
      both: 'true',
    });
    if (seq !== trendSeq) return; // a later range was asked for meanwhile
    showError(null);
  } catch (err) {
    if (seq !== trendSeq) return;
    box.replaceChildren();
    return showError(err);
  }
  box.dataset.bucket = series.bucket;
  box.dataset.since = series.since;
  box.dataset.points = String(series.points.length);
  const items = series.points.reduce((n, p) => n + p.items, 0);
  $('trend-note').textContent =
    `${a} ↔ ${b}, per ${series.bucket}: ${items} item${items === 1 ? '' : 's'} in ${days} days`;
  if (!series.points.length)
    return box.replaceChildren(
      h('p', { class: 'note' }, 'no tension between these two in this range'),
    );
  const W = 800,
    H = 240,
    L = 34,
    B = 20;
  const t0 = Date.parse(series.since),
    t1 = Math.max(Date.parse(series.until), t0 + 1);
  const x = (iso) => L + ((Date.parse(iso) - t0) / (t1 - t0)) * (W - L - 6);
  const y = (v) => H - B - v * (H - B - 8);
  const maxItems = Math.max(...series.points.map((p) => p.items), 1);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `tension ${a}-${b}, ${days} days`);
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  add('line', { x1: L, y1: H - B, x2: W, y2: H - B, class: 'axis' });
  add('line', { x1: L, y1: 0, x2: L, y2: H - B, class: 'axis' });
  add('text', { x: 2, y: 12 }, '1.0');
  add('text', { x: 2, y: H - B }, '0');
  add('text', { x: L, y: H - 4 }, series.since.slice(0, 10));
  add('text', { x: W - 2, y: H - 4, 'text-anchor': 'end' }, series.until.slice(0, 10));
  // Items per bucket as faint bars, mean and max tension as lines.
  const bucketMs = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 }[series.bucket];
  const bw = Math.max(1, (bucketMs / (t1 - t0)) * (W - L - 6) - 1);
  for (const p of series.points)
    add('rect', {
      x: x(p.t),
      y: H - B - (p.items / maxItems) * 40,
      width: bw,
      height: (p.items / maxItems) * 40,
      class: 'bar',
    }).append(
      Object.assign(document.createElementNS(SVG, 'title'), {
        textContent: `${p.t.slice(0, 16)}: ${p.items} items, mean ${p.mean.toFixed(2)}, max ${p.max.toFixed(2)}`,
      }),
    );
  const line = (key, cls) =>
    add('polyline', {
      points: series.points.map((p) => `${x(p.t).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' '),
      class: cls,
      fill: 'none',
    });
  line('max', 'max');
  line('mean', 'mean');
  box.replaceChildren(
    svg,
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'mean' }, '■ mean tension'),
      h('span', { class: 'max' }, '■ max'),
      h('span', { class: 'bar' }, '■ items'),
    ),
  );
}

function initTrends() {
  const form = $('trends-form');
  const url = new URL(location.href);
  for (const k of ['a', 'b'])
    if (url.searchParams.get(k)) form.elements[k].value = url.searchParams.get(k);
  let days = [7, 30, 90, 365].includes(Number(url.searchParams.get('days')))
    ? Number(url.searchParams.get('days'))
    : 90;
  for (const btn of form.querySelectorAll('[data-days]'))
    btn.addEventListener('click', () => void drawTrend((days = Number(btn.dataset.days))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void drawTrend(days);
  });
  for (const k of ['a', 'b'])
    form.elements[k].addEventListener('change', () => void drawTrend(days));
  void drawTrend(days);
}

// ---- route ----
const path = location.pathname;
const story = /^\/stories\/([^/]+)$/.exec(path);
const page = story ? 'story' : path.slice(1);
$(`${page}-page`).hidden = false;
for (const a of document.querySelectorAll('nav.pages a[data-page]'))
  if (a.dataset.page === page) a.setAttribute('aria-current', 'page');
if (story) void initStory(decodeURIComponent(story[1]));
else if (page === 'search') initSearch();
else if (page === 'history') initHistory();
else if (page === 'trends') initTrends();
