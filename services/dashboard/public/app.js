// The dashboard page: one EventSource, one render function per snapshot section. No framework;
// every value from the server is set with textContent (titles and errors come from the web).

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#58a6ff', '#f0883e', '#a371f7', '#3fb950', '#f85149', '#d29922'];
const state = { feeds: [], feedSort: { key: 'name', dir: 1 }, alerts: [], stats: { updates: [] } };
window.__faultline = state.stats;

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

const fmt = (n) =>
  n === null || n === undefined
    ? '–'
    : n >= 100
      ? Math.round(n).toLocaleString('en')
      : String(Math.round(n * 10) / 10);
const ago = (iso) => {
  if (!iso) return '–';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  return s < 90
    ? `${s}s ago`
    : s < 5400
      ? `${Math.round(s / 60)}m ago`
      : `${Math.round(s / 3600)}h ago`;
};

async function post(path) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'x-faultline': '1' },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    // 403 without a token: the server says why (dashboard.token / allowUnauthenticatedWrites).
    const reason = await res.json().then(
      (b) => b.error,
      () => '',
    );
    throw new Error(reason || `${path}: ${res.status}`);
  }
  return res.json();
}

// ---- header ----
function renderSummary(s) {
  const badge = $('health');
  badge.textContent = s.health;
  badge.className = `badge ${s.health}`;
  $('items-per-second').textContent = fmt(s.itemsPerSecond);
  $('lag').textContent = fmt(s.lag);
  $('dlq').textContent = fmt(s.dlq);
  $('alerts24h').textContent = fmt(s.alerts24h);
  $('feeds-count').textContent =
    `${s.feeds.total}${s.feeds.failing ? ` (${s.feeds.failing} failing)` : ''}`;
  $('problems').replaceChildren(...s.problems.map((p) => h('li', {}, p)));
  const now = performance.now();
  state.stats.updates.push(now);
  if (state.stats.updates.length > 120) state.stats.updates.shift();
}

// ---- pipeline ----
let services = [];
let history = [];
function renderPipeline(p) {
  const up = Object.fromEntries(services.map((s) => [s.name, s]));
  $('stages').tBodies[0].replaceChildren(
    ...p.stages
      .concat(
        services
          .filter((s) => !p.stages.some((x) => x.stage === s.name))
          .map((s) => ({ stage: s.name })),
      )
      .map((r) =>
        h(
          'tr',
          { 'data-stage': r.stage },
          h('td', {}, r.stage),
          h(
            'td',
            {
              class: up[r.stage]?.up ? 'status-ok' : 'status-error',
              title: up[r.stage]?.error ?? '',
            },
            up[r.stage]?.up ? (up[r.stage].ready === false ? 'not ready' : 'up') : 'down',
          ),
          h('td', { class: 'num' }, fmt(r.inPerS)),
          h('td', { class: 'num' }, fmt(r.outPerS)),
          h('td', { class: 'num' }, fmt(r.failedPerS)),
          h('td', {}, sparkline(history.map((pt) => pt.rates[r.stage] ?? 0))),
        ),
      ),
  );
  const byTopic = new Map();
  for (const r of p.lag) (byTopic.get(r.topic) ?? byTopic.set(r.topic, []).get(r.topic)).push(r);
  $('lag-table').tBodies[0].replaceChildren(
    ...[...byTopic].map(([topic, rows]) =>
      h(
        'tr',
        { 'data-topic': topic },
        h('td', {}, topic),
        h('td', { class: 'num' }, fmt(rows.reduce((n, r) => n + r.lag, 0))),
        h('td', { class: 'parts' }, rows.map((r) => `p${r.partition}: ${fmt(r.lag)}`).join('  ')),
      ),
    ),
  );
  $('dlq-table').tBodies[0].replaceChildren(
    ...p.dlq.map((r) => h('tr', {}, h('td', {}, r.name), h('td', { class: 'num' }, fmt(r.count)))),
  );
  // Items by language: read natively, by the English models, or flagged not analysed.
  $('languages').replaceChildren(
    ...(p.languages ?? []).map((l) =>
      h(
        'span',
        { class: `chip ${l.mode}`, 'data-lang': l.language, 'data-mode': l.mode },
        `${l.language}: ${fmt(l.count)}${l.mode === 'not-analysed' ? ' (not analysed)' : l.mode === 'native' ? ' (native)' : ''}`,
      ),
    ),
  );
}

function sparkline(values) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 160 28');
  svg.setAttribute('preserveAspectRatio', 'none');
  if (values.length > 1) {
    const max = Math.max(...values, 1e-9);
    const d = values
      .map(
        (v, i) =>
          `${i ? 'L' : 'M'}${((i / (values.length - 1)) * 160).toFixed(1)},${(27 - (v / max) * 26).toFixed(1)}`,
      )
      .join('');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

// ---- feeds ----
function renderFeeds() {
  const q = $('feed-filter').value.trim().toLowerCase();
  const { key, dir } = state.feedSort;
  const rows = state.feeds
    .filter(
      (f) => !q || `${f.name} ${f.url} ${f.status} ${f.lastError ?? ''}`.toLowerCase().includes(q),
    )
    .sort((a, b) =>
      (a[key] ?? '') > (b[key] ?? '') ? dir : (a[key] ?? '') < (b[key] ?? '') ? -dir : 0,
    );
  $('feeds').tBodies[0].replaceChildren(
    ...rows.map((f) =>
      h(
        'tr',
        { 'data-feed-id': f.id },
        h('td', { title: f.url }, f.name || f.url),
        h('td', { class: `status-${f.status}`, 'data-testid': 'feed-status' }, f.status),
        h('td', { title: f.lastFetchAt ?? '' }, ago(f.lastFetchAt)),
        h('td', { class: 'num' }, fmt(f.itemsPerDay)),
        h('td', { class: 'num' }, f.consecutiveFailures),
        h('td', {}, f.lastError ?? ''),
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              'data-action': f.paused ? 'resume' : 'pause',
              onclick: (e) => toggleFeed(f, e.target),
            },
            f.paused ? 'Resume' : 'Pause',
          ),
        ),
      ),
    ),
  );
  for (const th of document.querySelectorAll('#feeds th[data-key]'))
    th.className = th.dataset.key === key ? (dir > 0 ? 'asc' : 'desc') : '';
}

async function toggleFeed(feed, button) {
  button.disabled = true;
  try {
    await post(`/api/feeds/${encodeURIComponent(feed.id)}/${feed.paused ? 'resume' : 'pause'}`);
    feed.paused = !feed.paused;
    feed.status = feed.paused ? 'paused' : 'ok';
    renderFeeds();
  } catch (err) {
    button.disabled = false;
    $('feeds-note').textContent = err.message;
  }
}

// ---- alerts ----
function renderAlerts() {
  const rule = $('rule-filter').value;
  const sev = $('severity-filter').value;
  const rules = [...new Set(state.alerts.map((a) => a.ruleId))].sort();
  const select = $('rule-filter');
  if (
    select.options.length - 1 !== rules.length ||
    rules.some((r, i) => select.options[i + 1].value !== r)
  ) {
    select.replaceChildren(
      h('option', { value: '' }, 'all'),
      ...rules.map((r) => h('option', { value: r }, r)),
    );
    select.value = rules.includes(rule) ? rule : '';
  }
  const shown = state.alerts.filter(
    (a) => (!rule || a.ruleId === rule) && (!sev || a.severity === sev),
  );
  $('alerts').replaceChildren(
    ...shown.map((a) =>
      h(
        'li',
        { 'data-alert-key': a.alertKey, 'data-rule': a.ruleId, 'data-severity': a.severity },
        h(
          'div',
          {},
          h('span', { class: `sev ${a.severity}` }, a.severity),
          h('span', { class: 'title' }, a.title),
          a.language ? h('span', { class: 'chip lang', 'data-lang': a.language }, a.language) : '',
          a.isUpdate ? ' (update)' : '',
        ),
        h(
          'div',
          { class: 'meta' },
          `${a.ruleId} · ${ago(a.at)}`,
          a.topics.length ? ` · topics: ${a.topics.join(', ')}` : '',
          a.actors.length ? ` · actors: ${a.actors.join(', ')}` : '',
        ),
        a.gist ? h('div', { class: 'gist' }, `In English: ${a.gist}`) : '',
        a.evidence ? h('div', { class: 'evidence' }, `“${a.evidence}”`) : '',
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
          a.deliveries.some((d) => d.outcome === 'permanent' || d.outcome === 'retry')
            ? h(
                'button',
                {
                  type: 'button',
                  onclick: () =>
                    post(`/api/alerts/${encodeURIComponent(a.alertKey)}/retry`).then(
                      (r) =>
                        ($('alerts-note').textContent =
                          `replayed ${r.replayed.length} delivery job(s)`),
                      (err) => ($('alerts-note').textContent = err.message),
                    ),
                },
                'Retry from DLQ',
              )
            : '',
        ),
      ),
    ),
  );
  $('alerts-note').textContent = state.alerts.length ? '' : 'no alerts yet';
}

// ---- tension ----
function renderTension(t) {
  const box = $('tension-chart');
  const dyads = t.dyads.slice(0, 6);
  const all = dyads.flatMap((d) => d.points);
  if (!all.length) {
    box.replaceChildren(h('p', { class: 'note' }, t.note ?? 'no tension data yet'));
  } else {
    const W = 600,
      H = 220,
      L = 30,
      B = 18;
    const t0 = Math.min(...all.map((p) => Date.parse(p.t))),
      t1 = Math.max(...all.map((p) => Date.parse(p.t)), t0 + 1);
    const vmax = Math.max(...all.map((p) => p.v), 1e-9);
    const x = (iso) => L + ((Date.parse(iso) - t0) / (t1 - t0)) * (W - L - 5);
    const y = (v) => H - B - (v / vmax) * (H - B - 8);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const add = (tag, attrs, text) => {
      const el = document.createElementNS(SVG, tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
      if (text !== undefined) el.textContent = text;
      svg.append(el);
    };
    add('line', { x1: L, y1: H - B, x2: W, y2: H - B, class: 'axis' });
    add('line', { x1: L, y1: 0, x2: L, y2: H - B, class: 'axis' });
    add('text', { x: 2, y: 12 }, fmt(vmax));
    add('text', { x: L, y: H - 4 }, new Date(t0).toISOString().slice(11, 16));
    add('text', { x: W - 40, y: H - 4 }, new Date(t1).toISOString().slice(11, 16));
    dyads.forEach((d, i) => {
      const pts = d.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
      add('polyline', {
        points: pts,
        fill: 'none',
        stroke: COLORS[i % COLORS.length],
        'stroke-width': 2,
      });
    });
    box.replaceChildren(
      svg,
      h(
        'div',
        { class: 'legend' },
        ...dyads.map((d, i) =>
          h('span', { style: `color:${COLORS[i % COLORS.length]}` }, `■ ${d.source}–${d.target}`),
        ),
      ),
    );
  }
  $('entities').replaceChildren(
    ...t.entities.slice(0, 20).map((e) => h('li', { title: e.id }, `${e.name} (${e.count})`)),
  );
}

// ---- live stream ----
function connect() {
  const es = new EventSource('/api/events');
  const live = $('live');
  const on = (name, fn) => es.addEventListener(name, (ev) => fn(JSON.parse(ev.data)));
  es.onopen = () => {
    live.textContent = 'live';
    live.className = 'live on';
  };
  es.onerror = () => {
    live.textContent = 'reconnecting…';
    live.className = 'live';
  };
  on('summary', renderSummary);
  on('services', (s) => {
    services = s;
  });
  on('history', (hist) => {
    history = hist;
  });
  on('pipeline', renderPipeline);
  on('feeds', (f) => {
    state.feeds = f;
    renderFeeds();
  });
  on('alerts', (a) => {
    state.alerts = a;
    renderAlerts();
  });
  on('tension', renderTension);
}

$('feed-filter').addEventListener('input', renderFeeds);
for (const th of document.querySelectorAll('#feeds th[data-key]'))
  th.addEventListener('click', () => {
    const key = th.dataset.key;
    state.feedSort = { key, dir: state.feedSort.key === key ? -state.feedSort.dir : 1 };
    renderFeeds();
  });
$('rule-filter').addEventListener('change', renderAlerts);
$('severity-filter').addEventListener('change', renderAlerts);
$('retry-all').addEventListener('click', () =>
  post('/api/dlq/retry').then(
    (r) => ($('alerts-note').textContent = `replayed ${r.replayed.length} delivery job(s)`),
    (err) => ($('alerts-note').textContent = err.message),
  ),
);
connect();
