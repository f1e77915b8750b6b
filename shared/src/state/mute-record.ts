import { z } from 'zod';

// One mute (silence) by rule, entity or feed, with its expiry: the record the mutes state stores
// (mutes.ts) and the alerter's core matches against. Pure, so cores may use it.

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

export function isActive(mute: Mute, now: Date): boolean {
  return Date.parse(mute.until) > now.getTime();
}
