import { isActive, type Mute } from '@faultline/shared/state/mute-record';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import { normalize } from './match-rules.ts';

// Mutes (silences) by rule, entity or feed, each with an expiry (the record and its store are
// shared state: shared/src/state/mutes.ts, set from `npx faultline mute`); this decides whether a
// match is silenced.

/** The first active mute that silences this rule firing on this item, or null. */
export function findMute(
  ruleId: string,
  item: Pick<AnalyzedItem, 'feedId' | 'entities'>,
  mutes: Mute[],
  now: Date,
): Mute | null {
  for (const m of mutes) {
    if (!isActive(m, now)) continue;
    if (m.kind === 'rule' && m.value === ruleId) return m;
    if (m.kind === 'feed' && m.value === item.feedId) return m;
    if (
      m.kind === 'entity' &&
      item.entities.some(
        (e) =>
          (e.id !== null && e.id.toUpperCase() === m.value.toUpperCase()) ||
          normalize(e.name) === normalize(m.value),
      )
    )
      return m;
  }
  return null;
}
