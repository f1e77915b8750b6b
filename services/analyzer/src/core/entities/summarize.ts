import type { EntityType, ItemEntity } from '@faultline/shared/schemas';
import type { FoundMention } from './mentions.ts';
import type { LoadedKb } from './knowledge-base.ts';
import { roleOn } from './knowledge-base.ts';

const TITLE_WEIGHT = 3;
const LEAD_WEIGHT = 2;

/**
 * Groups mentions into the item's entity list: count, most frequent role and salience
 * (title x3, lead x2, body x1, plus a small bonus for early position; the top entity gets 1).
 */
export function summarizeEntities(
  item: { text: string; lead?: string; publishedAt: string },
  found: readonly FoundMention[],
  _kb: LoadedKb,
): ItemEntity[] {
  const leadEnd = item.lead
    ? Math.max(item.lead.length, item.text.indexOf(item.lead) + item.lead.length)
    : item.text.indexOf('\n\n') >>> 0 && item.text.indexOf('\n\n') > 0
      ? item.text.indexOf('\n\n')
      : Math.min(item.text.length, 400);
  const groups = new Map<
    string,
    {
      name: string;
      type: EntityType;
      country?: string;
      roles: Map<string, number>;
      count: number;
      weight: number;
      id: string | null;
    }
  >();
  const date = item.publishedAt.slice(0, 10);
  for (const f of found) {
    const m = f.mention;
    let g = groups.get(f.group);
    if (!g) {
      const e = f.entity;
      g = {
        id: e?.id ?? null,
        name: e?.name ?? m.text,
        type: e ? (e.type === 'LOC' && m.type === 'MISC' ? 'LOC' : e.type) : m.type,
        roles: new Map(),
        count: 0,
        weight: 0,
      };
      const country = e?.country ?? (e && /^[A-Z]{3}$/.test(e.id) ? e.id : undefined);
      if (country) g.country = country;
      if (e && !f.role) {
        const r = roleOn(e.roles, date);
        if (r) g.roles.set(r, 0);
      }
      groups.set(f.group, g);
    }
    g.count++;
    const pos = m.field === 'title' ? TITLE_WEIGHT : m.start < leadEnd ? LEAD_WEIGHT : 1;
    g.weight += pos * (1 + 0.5 / (1 + m.start / 500));
    if (f.role) g.roles.set(f.role, (g.roles.get(f.role) ?? 0) + 1);
  }
  const max = Math.max(1e-9, ...[...groups.values()].map((g) => g.weight));
  return [...groups.values()]
    .map((g) => {
      const role = [...g.roles.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      const e: ItemEntity = {
        id: g.id,
        name: g.name,
        type: g.type,
        count: g.count,
        salience: Math.round((g.weight / max) * 1000) / 1000,
      };
      if (g.country) e.country = g.country;
      if (role) e.role = role;
      return e;
    })
    .sort((a, b) => b.salience - a.salience);
}
