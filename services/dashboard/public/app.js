// The live page (/): one EventSource, one render function per snapshot section, each panel in a
// module of its own under live/. No framework; every value from the server is set with
// textContent (titles and errors come from the web).
import { $, fmt, h, renderPageNav } from './common.js';
import { initAlerts, showAlerts } from './live/alerts.js';
import { initFeeds, showFeeds } from './live/feeds.js';
import { pipeline, renderPipeline } from './live/pipeline.js';
import { renderTension } from './live/tension.js';

/** When each summary arrived, for the browser test's update interval. */
const stats = { updates: [] };
window.__faultline = stats;

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
  stats.updates.push(performance.now());
  if (stats.updates.length > 120) stats.updates.shift();
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
    pipeline.services = s;
  });
  on('history', (hist) => {
    pipeline.history = hist;
  });
  on('pipeline', renderPipeline);
  on('feeds', showFeeds);
  on('alerts', showAlerts);
  on('tension', renderTension);
}

renderPageNav('live');
initFeeds();
initAlerts();
connect();
