// The audit page (/audit): the audit log (operator), mutes (set by an operator) and API tokens
// (admin). No framework: every value is set as text, never as HTML.
import { $, errorLine, getJson, postJson, renderPageNav, when } from './common.js';

const RANK = { viewer: 0, operator: 1, admin: 2 };
let me = { user: '?', role: 'viewer' };
let oldest = null;

/** GET, or POST `body` as JSON. */
const api = (path, body) => (body === undefined ? getJson(path) : postJson(path, body));

const showError = errorLine('audit-error');

function cell(tr, text) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  tr.append(td);
  return td;
}

function button(td, label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', () => onClick().catch(showError));
  td.append(b);
}

async function loadAudit(more = false) {
  if (RANK[me.role] < RANK.operator) {
    $('audit-section').hidden = true;
    return;
  }
  const q = new URLSearchParams({ limit: '100' });
  if (more && oldest) q.set('before', oldest);
  const { entries } = await api(`/api/audit?${q}`);
  const rows = $('audit-rows');
  if (!more) rows.replaceChildren();
  for (const e of entries) {
    const tr = document.createElement('tr');
    cell(tr, when(e.at, true));
    cell(tr, e.who);
    cell(tr, e.role ?? '');
    cell(tr, e.action);
    cell(tr, e.target ?? '');
    cell(tr, `${e.ok ? 'ok' : 'refused / nothing done'}${e.detail ? ` · ${e.detail}` : ''}`);
    cell(tr, e.via);
    rows.append(tr);
  }
  oldest = entries.length ? entries[entries.length - 1].id : oldest;
  $('audit-more').hidden = entries.length < 100;
}

async function loadMutes() {
  const { mutes } = await api('/api/mutes');
  const rows = $('mute-rows');
  rows.replaceChildren();
  const canEdit = RANK[me.role] >= RANK.operator;
  for (const m of mutes) {
    const tr = document.createElement('tr');
    cell(tr, m.kind);
    cell(tr, m.value);
    cell(tr, when(m.until, true));
    cell(tr, m.reason ?? '');
    const td = cell(tr, '');
    if (canEdit)
      button(td, 'Remove', async () => {
        await api('/api/mutes/remove', { kind: m.kind, value: m.value });
        await refresh();
      });
    rows.append(tr);
  }
  $('mute-form').hidden = !canEdit;
}

async function loadTokens() {
  if (RANK[me.role] < RANK.admin) return;
  $('tokens-section').hidden = false;
  const { tokens } = await api('/api/tokens');
  const rows = $('token-rows');
  rows.replaceChildren();
  for (const t of tokens) {
    const tr = document.createElement('tr');
    cell(tr, t.id);
    cell(tr, t.user);
    cell(tr, t.role);
    cell(tr, `${when(t.createdAt)} by ${t.createdBy}`);
    cell(tr, t.revokedAt ? `${when(t.revokedAt)} by ${t.revokedBy}` : '');
    const td = cell(tr, '');
    if (!t.revokedAt)
      button(td, 'Revoke', async () => {
        await api(`/api/tokens/${t.id}/revoke`, {});
        await refresh();
      });
    rows.append(tr);
  }
}

async function refresh() {
  showError(null);
  await Promise.all([loadAudit(), loadMutes(), loadTokens()]);
}

renderPageNav('audit');
$('audit-more').addEventListener('click', () => loadAudit(true).catch(showError));
$('mute-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const body = { kind: f.get('kind'), value: f.get('value'), for: f.get('for') };
  if (f.get('reason')) body.reason = f.get('reason');
  api('/api/mutes', body)
    .then(() => (ev.target.reset(), refresh()))
    .catch(showError);
});
$('token-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  api('/api/tokens', { user: f.get('user'), role: f.get('role') })
    .then((t) => {
      $('new-token').textContent = `New token for ${t.user} (${t.role}), shown once: ${t.token}`;
      ev.target.reset();
      return refresh();
    })
    .catch(showError);
});

api('/api/me')
  .then((m) => {
    me = m;
    $('me').textContent = m.anonymous ? 'not signed in' : `${m.user} · ${m.role}`;
    return refresh();
  })
  .catch(showError);
