// /search: the archive's full-text search with its filters, the matches marked in each snippet,
// more results by cursor.
import { $, h, storyLink, webLink, when } from '../common.js';
import { bindFilterForm, cursorList, formParams } from './page.js';

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

/** One match: score, story, language, where and when, and its snippet. */
function hitRow(hit) {
  return h(
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
  );
}

export function initSearch() {
  const form = $('search-form');
  const note = $('search-note');
  const show = cursorList({
    path: 'search',
    limit: 20,
    list: $('search-results'),
    moreButton: $('search-more'),
    row: hitRow,
    done: (params, page) => {
      const n = $('search-results').children.length;
      note.textContent = n
        ? `${n} result${n === 1 ? '' : 's'}${page.nextCursor ? ' so far' : ''}`
        : `nothing archived matches "${params.q}"`;
    },
    failed: () => {
      note.textContent = '';
    },
  });
  bindFilterForm(form, '/search', show);
  if (new URL(location.href).searchParams.get('q')) void show(formParams(form));
}
