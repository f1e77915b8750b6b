// /history: the alert history from the archive (PostgreSQL, not Redis), each alert with its
// delivery attempts and a link to its story; older alerts by cursor.
import { $, deliveryChips, h, severityBadge, storyLink, webLink, when } from '../common.js';
import { api, bindFilterForm, formParams, showError } from './page.js';

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
          severityBadge(a.severity),
          storyLink(a.storyId, a.title),
          a.isUpdate ? ' (update)' : '',
        ),
        h(
          'div',
          { class: 'meta' },
          `${a.ruleName} (${a.ruleId}) · ${when(a.createdAt)} · score ${a.score.toFixed(2)} · `,
          webLink(a.url, 'original'),
        ),
        h('div', {}, ...deliveryChips(a.deliveries)),
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

export function initHistory() {
  const form = $('history-form');
  bindFilterForm(form, '/history', runHistory);
  $('history-more').addEventListener('click', () => void runHistory(hist.params, true));
  void runHistory(formParams(form));
}
