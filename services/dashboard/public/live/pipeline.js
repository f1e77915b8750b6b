// The live page's pipeline panel: each stage's health and rates with its last hour as a
// sparkline, consumer lag by topic, dead letters, and items by language.
import { $, SVG, fmt, h } from '../common.js';

/** The latest services (up, ready) and rate history, kept from their own stream events. */
export const pipeline = { services: [], history: [] };

export function renderPipeline(p) {
  const { services, history } = pipeline;
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
