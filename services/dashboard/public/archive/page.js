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
