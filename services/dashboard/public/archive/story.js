// /stories/<id>: one story with every feed that carried it, its actors, each copy's evidence
// and the alerts raised on it.
import { $, h, severityBadge, webLink, when } from '../common.js';
import { api, showError } from './page.js';

export async function initStory(id) {
  let story;
  try {
    story = await api(`stories/${encodeURIComponent(id)}`);
  } catch (err) {
    $('story-title').textContent = err.status === 404 ? 'No such story in the archive' : 'Story';
    return showError(err.status === 404 ? null : err);
  }
  document.title = `${story.title} · Faultline`;
  $('story-title').textContent = story.title;
  const feeds = new Set(story.sources.map((s) => s.feedId));
  $('story-meta').textContent =
    `first seen ${when(story.firstSeen)}, last ${when(story.lastSeen)} · ${story.sources.length} copies from ${feeds.size} feed${feeds.size === 1 ? '' : 's'}`;
  $('story-sources').tBodies[0].replaceChildren(
    ...story.sources.map((s) =>
      h(
        'tr',
        { 'data-item-id': s.itemId },
        h('td', {}, when(s.seenAt)),
        h('td', {}, s.feedId),
        h('td', {}, webLink(s.url, s.domain ?? s.url ?? '–')),
        h('td', {}, s.title ?? ''),
      ),
    ),
  );
  $('story-entities').replaceChildren(
    ...story.entities.map((e) =>
      h(
        'li',
        { class: 'chip', 'data-entity-id': e.entityId, title: `${e.type} ${e.entityId}` },
        `${e.name} (${e.count})`,
      ),
    ),
  );
  $('story-items').replaceChildren(
    ...story.items.map((i) =>
      h(
        'li',
        { 'data-item-id': i.itemId },
        h(
          'div',
          {},
          h('span', { class: 'score' }, i.tensionScore.toFixed(2)),
          webLink(i.url, i.title),
        ),
        h(
          'div',
          { class: 'meta' },
          `${when(i.ts)} · ${i.feedId} · ${i.language}`,
          i.dyads.length ? ` · ${i.dyads.map((d) => d.replace('|', ' → ')).join(', ')}` : '',
        ),
        ...(i.evidence ?? []).map((t) =>
          h(
            'div',
            { class: 'evidence', 'data-topic': t.topic },
            `${t.topic} (CAMEO ${t.cameo}, ${Number(t.score).toFixed(2)}): `,
            (t.evidence ?? []).map((s) => `“${s.text}”`).join(' … '),
          ),
        ),
      ),
    ),
  );
  $('story-alerts').replaceChildren(
    ...(story.alerts.length
      ? story.alerts.map((a) =>
          h(
            'li',
            { 'data-alert-key': a.alertKey },
            severityBadge(a.severity),
            ` ${a.ruleId} · ${when(a.createdAt)}${a.isUpdate ? ' (update)' : ''}`,
          ),
        )
      : [h('li', { class: 'note' }, 'no alert on this story')]),
  );
}
