// /trends: the tension between two actors over 7, 30, 90 or 365 days (mean and max per hour,
// day or week, items per bucket as bars), the range kept in the address bar.
import { $, h, SVG, svgCanvas } from '../common.js';
import { api, showError } from './page.js';

const RANGES = [7, 30, 90, 365];
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
  box.replaceChildren(
    chart(series, `tension ${a}-${b}, ${days} days`),
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'mean' }, '■ mean tension'),
      h('span', { class: 'max' }, '■ max'),
      h('span', { class: 'bar' }, '■ items'),
    ),
  );
}

/** Items per bucket as faint bars, mean and max tension as lines. */
function chart(series, label) {
  const W = 800,
    H = 240,
    L = 34,
    B = 20;
  const t0 = Date.parse(series.since),
    t1 = Math.max(Date.parse(series.until), t0 + 1);
  const x = (iso) => L + ((Date.parse(iso) - t0) / (t1 - t0)) * (W - L - 6);
  const y = (v) => H - B - v * (H - B - 8);
  const maxItems = Math.max(...series.points.map((p) => p.items), 1);
  const { svg, add } = svgCanvas(W, H);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  add('line', { x1: L, y1: H - B, x2: W, y2: H - B, class: 'axis' });
  add('line', { x1: L, y1: 0, x2: L, y2: H - B, class: 'axis' });
  add('text', { x: 2, y: 12 }, '1.0');
  add('text', { x: 2, y: H - B }, '0');
  add('text', { x: L, y: H - 4 }, series.since.slice(0, 10));
  add('text', { x: W - 2, y: H - 4, 'text-anchor': 'end' }, series.until.slice(0, 10));
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
  return svg;
}

export function initTrends() {
  const form = $('trends-form');
  const url = new URL(location.href);
  for (const k of ['a', 'b'])
    if (url.searchParams.get(k)) form.elements[k].value = url.searchParams.get(k);
  let days = RANGES.includes(Number(url.searchParams.get('days')))
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
