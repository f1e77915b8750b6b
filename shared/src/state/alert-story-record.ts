import { z } from 'zod';

/** What was last alerted for one (rule, story): the alerter's core decides from it. */
export interface StoryState {
  /** Revision of the last alert sent for (rule, story); part of its alert key. */
  revision: number;
  lastAlertAt: string;
  score: number;
  actors: string[];
  topics: string[];
  /** Follow-ups sent since the last full alert. */
  updates: number;
}

// Once-per-story state as stored in Redis (alert-story.ts), compactly: one is kept per (rule, story) for the
// whole state window, so its size times the item rate times that window is the alerter's largest
// Redis cost. `revision|lastAlertAtMs|score|updates|actor,actor|topic,topic` is about a quarter
// of the JSON; JSON (the earlier format, and the fallback when an id holds `|` or `,`) is still
// read.

const State = z.object({
  revision: z.number().int().nonnegative(),
  lastAlertAt: z.string(),
  score: z.number(),
  actors: z.array(z.string()),
  topics: z.array(z.string()),
  updates: z.number().int().nonnegative(),
});

const SEP = '|';
const LIST = ',';

export function encodeState(s: StoryState): string {
  const lists = [...s.actors, ...s.topics];
  if (lists.some((x) => x.includes(SEP) || x.includes(LIST))) return JSON.stringify(s);
  const at = Date.parse(s.lastAlertAt);
  return [s.revision, at, s.score, s.updates, s.actors.join(LIST), s.topics.join(LIST)].join(SEP);
}

/** Either format; null when the value is not a state. */
export function decodeState(raw: string): StoryState | null {
  if (raw.startsWith('{')) {
    const parsed = State.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }
  const [revision, at, score, updates, actors, topics] = raw.split(SEP);
  const list = (x: string | undefined) => (x ? x.split(LIST) : []);
  const parsed = State.safeParse({
    revision: Number(revision),
    lastAlertAt: at && Number.isFinite(Number(at)) ? new Date(Number(at)).toISOString() : '',
    score: Number(score),
    actors: list(actors),
    topics: list(topics),
    updates: Number(updates),
  });
  return parsed.success && parsed.data.lastAlertAt ? parsed.data : null;
}
