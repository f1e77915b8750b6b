// The live page's alerts panel: the latest alerts, filtered by rule and severity, each with its
// deliveries and a replay button when one failed.
import { $, ago, deliveryChips, h, postJson, severityBadge } from '../common.js';

let alerts = [];

export function showAlerts(rows) {
  alerts = rows;
  renderAlerts();
}

/** The rule and severity filters, and the button that replays the whole delivery DLQ. */
export function initAlerts() {
  $('rule-filter').addEventListener('change', renderAlerts);
  $('severity-filter').addEventListener('change', renderAlerts);
  $('retry-all').addEventListener('click', () => replay('/api/dlq/retry'));
}

function replay(path) {
  postJson(path).then(
    (r) => ($('alerts-note').textContent = `replayed ${r.replayed.length} delivery job(s)`),
    (err) => ($('alerts-note').textContent = err.message),
  );
}

function renderAlerts() {
  const rule = $('rule-filter').value;
  const sev = $('severity-filter').value;
  const rules = [...new Set(alerts.map((a) => a.ruleId))].sort();
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
  const shown = alerts.filter((a) => (!rule || a.ruleId === rule) && (!sev || a.severity === sev));
  $('alerts').replaceChildren(
    ...shown.map((a) =>
      h(
        'li',
        { 'data-alert-key': a.alertKey, 'data-rule': a.ruleId, 'data-severity': a.severity },
        h(
          'div',
          {},
          severityBadge(a.severity),
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
          ...deliveryChips(a.deliveries),
          a.deliveries.some((d) => d.outcome === 'permanent' || d.outcome === 'retry')
            ? h(
                'button',
                {
                  type: 'button',
                  onclick: () => replay(`/api/alerts/${encodeURIComponent(a.alertKey)}/retry`),
                },
                'Retry from DLQ',
              )
            : '',
        ),
      ),
    ),
  );
  $('alerts-note').textContent = alerts.length ? '' : 'no alerts yet';
}
