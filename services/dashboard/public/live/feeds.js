// The live page's feeds panel: every feed's status, filterable and sortable by column, each
// with a pause/resume button.
import { $, ago, fmt, h, postJson } from '../common.js';

const feeds = { rows: [], sort: { key: 'name', dir: 1 } };

export function showFeeds(rows) {
  feeds.rows = rows;
  renderFeeds();
}

/** The filter box and the sortable column heads. */
export function initFeeds() {
  $('feed-filter').addEventListener('input', renderFeeds);
  for (const th of document.querySelectorAll('#feeds th[data-key]'))
    th.addEventListener('click', () => {
      const key = th.dataset.key;
      feeds.sort = { key, dir: feeds.sort.key === key ? -feeds.sort.dir : 1 };
      renderFeeds();
    });
}

function renderFeeds() {
  const q = $('feed-filter').value.trim().toLowerCase();
  const { key, dir } = feeds.sort;
  const rows = feeds.rows
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
    await postJson(`/api/feeds/${encodeURIComponent(feed.id)}/${feed.paused ? 'resume' : 'pause'}`);
    feed.paused = !feed.paused;
    feed.status = feed.paused ? 'paused' : 'ok';
    renderFeeds();
  } catch (err) {
    button.disabled = false;
    $('feeds-note').textContent = err.message;
  }
}
