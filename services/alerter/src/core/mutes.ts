import { z } from 'zod';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import { normalize } from './match-rules.ts';

// Mutes (silences) by rule, entity or feed, each with an expiry. Stored by the io layer, set from
// `npx faultline mute`; this decides whether a match is silenced.

export const Mute = z.object({
  kind: z.enum(['rule', 'entity', 'feed']),
  /** Bounded and without invisible characters (zero-width, bidi), refused with the key named. */
  value: z
    .string()
    .min(1)
    .max(200)
    .refine(
      (v) => !/[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u.test(v),
      'contains invisible or control characters',
    ),
  until: z.iso.datetime({ offset: true }),
  reason: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Mute = z.infer<typeof Mute>;

export const muteField = (m: Pick<Mute, 'kind' | 'value'>): string => `${m.kind}:${m.value}`;

export function isActive(mute: Mute, now: Date): boolean {
  return Date.parse(mute.until) > now.getTime();
}

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
