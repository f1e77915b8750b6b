// The filter options `faultline search` and `faultline export` share; the archive's own
// parameter schema (the HTTP API's) validates the values.

export const FILTER_OPTIONS = {
  entity: { type: 'string' },
  dyad: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  lang: { type: 'string' },
  topic: { type: 'string' },
  feed: { type: 'string' },
  story: { type: 'string' },
  'min-score': { type: 'string' },
} as const;

export function filterValues(
  values: Record<string, string | boolean | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(FILTER_OPTIONS)) {
    const v = values[key];
    if (typeof v === 'string') out[key === 'min-score' ? 'minScore' : key] = v;
  }
  return out;
}
