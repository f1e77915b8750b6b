// What the archive pages share: the archive's /api/v1 (read through the dashboard: same origin,
// same sign-in), the page's error line, and filter forms kept in the address bar.
import { errorLine, getJson, withQuery } from '../common.js';

/** GET /api/v1/<path>?<params>; a refusal throws with the archive's problem+json detail. */
export const api = (path, params = {}) => getJson(withQuery(`/api/v1/${path}`, params));

export const showError = errorLine('archive-error', 'archive: ');

/** A form's filled-in fields. */
export function formParams(form) {
  return Object.fromEntries([...new FormData(form)].filter(([, v]) => String(v).trim() !== ''));
}

/**
 * Fills `form` from the address bar; on submit puts its fields back there (as `path?fields`) and
 * calls `run` with them.
 */
export function bindFilterForm(form, path, run) {
  for (const [k, v] of new URL(location.href).searchParams)
    if (form.elements[k]) form.elements[k].value = v;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const params = formParams(form);
    history.replaceState(null, '', `${path}?${new URLSearchParams(params)}`);
    void run(params);
  });
}

/**
 * A list of the archive's results read page by page through its cursor. The returned
 * `show(params)` fills `list` with the first page of `path`; `moreButton` appends the next one.
 * `row` builds one item's node, `done(params, page)` runs after each page is shown and `failed()`
 * after a refusal (whose reason is on the error line).
 */
export function cursorList({ path, limit, list, moreButton, row, done, failed = () => {} }) {
  const state = { params: null, cursor: null };
  async function show(params, append = false) {
    state.params = params;
    try {
      const page = await api(path, { ...params, limit, cursor: append ? state.cursor : undefined });
      showError(null);
      state.cursor = page.nextCursor;
      const rows = page.items.map(row);
      if (append) list.append(...rows);
      else list.replaceChildren(...rows);
      moreButton.hidden = !page.nextCursor;
      done(params, page);
    } catch (err) {
      showError(err);
      failed();
    }
  }
  moreButton.addEventListener('click', () => void show(state.params, true));
  return show;
}
