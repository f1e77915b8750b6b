// /search: the archive's full-text search with its filters, the matches marked in each snippet,
// more results by cursor.
import { $, h, storyLink, webLink, when } from '../common.js';
import { api, bindFilterForm, formParams, showError } from './page.js';

const search = { params: null, cursor: null };

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

export function initSearch() {
  const form = $('search-form');
  bindFilterForm(form, '/search', runSearch);
  $('search-more').addEventListener('click', () => void runSearch(search.params, true));
  if (new URL(location.href).searchParams.get('q')) void runSearch(formParams(form));
}
