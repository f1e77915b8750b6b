// /history: the alert history from the archive (PostgreSQL, not Redis), each alert with its
// delivery attempts and a link to its story; older alerts by cursor.
import { $, deliveryChips, h, severityBadge, storyLink, webLink, when } from '../common.js';
import { bindFilterForm, cursorList, formParams } from './page.js';

/** One alert: its story, rule, score and link, and each delivery attempt. */
function alertRow(a) {
  return h(
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
  );
}

export function initHistory() {
  const form = $('history-form');
  const show = cursorList({
    path: 'alerts',
    limit: 50,
    list: $('history'),
    moreButton: $('history-more'),
    row: alertRow,
    done: () => {
      $('history-note').textContent = $('history').children.length ? '' : 'no alert in this range';
    },
  });
  bindFilterForm(form, '/history', show);
  void show(formParams(form));
}
