import { z } from 'zod';

// One cross-language event group as stored (see event-groups.ts for the keys and the store):
// the schema and codec alone, with no Redis, so pure cores can decide on groups.

export const EventGroup = z.object({
  /** The group's id: the story id of its first story (so a lone story keeps its own id). */
  id: z.string().min(1),
  /** Unordered canonical pair, "A~B" with A < B. */
  pair: z.string(),
  /** Direction of the first report, "SRC>TGT". */
  direction: z.string(),
  /** CAMEO quad class of the event (verbal/material cooperation/conflict). */
  quad: z.string(),
  /** CAMEO roots the member reports were coded with. */
  roots: z.array(z.string()),
  /** Canonical entity ids beyond the pair (places, people, units), bounded. */
  entities: z.array(z.string()),
  /** One story per language: [language, storyId]. */
  members: z.array(z.tuple([z.string(), z.string()])),
  firstAt: z.number(),
  lastAt: z.number(),
});
export type EventGroup = z.infer<typeof EventGroup>;

export function encodeEventGroup(g: EventGroup): string {
  return JSON.stringify(g);
}

/** The group, or null when the stored value is not one (a newer or corrupt format). */
export function decodeEventGroup(raw: string): EventGroup | null {
  try {
    const parsed = EventGroup.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
