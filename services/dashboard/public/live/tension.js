// The live page's tension panel: the top dyads' tension over the last 24 h, and the entities
// seen most.
import { $, fmt, h, svgCanvas } from '../common.js';

const COLORS = ['#58a6ff', '#f0883e', '#a371f7', '#3fb950', '#f85149', '#d29922'];

export function renderTension(t) {
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
    const { svg, add } = svgCanvas(W, H);
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
