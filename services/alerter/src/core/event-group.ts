import type { AnalyzedItem } from '@faultline/shared/schemas';
import type { EventGroup } from '@faultline/shared/state/event-group-record';

// The second story grouping, after analysis: reports of one event in different languages share
// no text (the cleaner's story index cannot see them as copies) but share their structured
// result. An item's event probe is its main dyad as an unordered canonical pair (GOV:RUS is
// RUS), its CAMEO root and quad class, its other canonical entities and its time; it joins the
// live group of the same pair and class that fits it best, within the window, provided the group
// has no story in the item's language yet (the cleaner already groups one language's copies, so
// a second story in the same language is a second event). Pure: the store is io's.

export interface EventProbe {
  pair: string;
  direction: string;
  root: string;
  quad: string;
  language: string;
  entities: string[];
  at: number;
}

export interface GroupingOptions {
  /** Reports further apart than this (by publication time) are not one event. */
  windowMs: number;
}

/**
 * Least fit to join a group: the same CAMEO root, or the same direction, or half the other
 * entities shared. A report of the same pair and class that agrees in none of them (Ukraine's
 * drones on a refinery while Russia's missiles on Kyiv are grouped) is another event.
 */
export const MIN_FIT = 1;

/** Entities kept per group for similarity (the most salient first). */
export const MAX_GROUP_ENTITIES = 24;
/** Languages (one story each) per group. */
export const MAX_GROUP_MEMBERS = 16;

/** GOV:RUS, the Russian government, is Russia the actor. */
export const canonicalActor = (id: string): string => id.replace(/^GOV:/, '');

/** CAMEO quad class of a two-digit root: verbal/material cooperation (vc, mc), conflict (vx, mx). */
export function quadClassOf(root: string): string {
  const n = Number(root);
  if (!Number.isFinite(n) || n <= 0) return 'none';
  if (n <= 5) return 'vc';
  if (n <= 9) return 'mc';
  if (n <= 14) return 'vx';
  return 'mx';
}

/** The item's event probe, or null when it reports no event between two actors. */
export function eventProbeOf(item: AnalyzedItem): EventProbe | null {
  if (item.tension.level === 'none') return null;
  const dyad = [...item.tension.dyads].sort((a, b) => b.score - a.score)[0];
  const topic = [...item.tension.topics].sort((a, b) => b.score - a.score)[0];
  if (!dyad || !topic) return null;
  const source = canonicalActor(dyad.source);
  const target = canonicalActor(dyad.target);
  if (source === target) return null;
  const root = topic.cameo.slice(0, 2);
  const entities = [...item.entities]
    .sort((a, b) => b.salience - a.salience)
    .flatMap((e) => (e.id ? [canonicalActor(e.id)] : []))
    .filter((id) => id !== source && id !== target);
  const at = Date.parse(item.publishedAt);
  return {
    pair: [source, target].sort().join('~'),
    direction: `${source}>${target}`,
    root,
    quad: quadClassOf(root),
    language: item.analysis?.language ?? item.language.code,
    entities: [...new Set(entities)].slice(0, MAX_GROUP_ENTITIES),
    at: Number.isFinite(at) ? at : 0,
  };
}

function jaccard(a: string[], b: string[]): number {
  if (!a.length && !b.length) return 0;
  const set = new Set(a);
  const shared = b.filter((x) => set.has(x)).length;
  return shared / (set.size + b.length - shared);
}

/** How well the probe fits a group; null when it cannot join it. */
export function fitOf(
  probe: EventProbe,
  group: EventGroup,
  options: GroupingOptions,
): number | null {
  if (group.pair !== probe.pair || group.quad !== probe.quad) return null;
  if (probe.at < group.firstAt - options.windowMs || probe.at > group.lastAt + options.windowMs)
    return null;
  if (group.members.some(([lang]) => lang === probe.language)) return null;
  if (group.members.length >= MAX_GROUP_MEMBERS) return null;
  return (
    (group.roots.includes(probe.root) ? 2 : 0) +
    (group.direction === probe.direction ? 1 : 0) +
    2 * jaccard(group.entities, probe.entities)
  );
}

/** The group the probe joins: the best fit, the most recent on a tie; null for a new group. */
export function chooseGroup(
  probe: EventProbe,
  groups: EventGroup[],
  options: GroupingOptions,
): EventGroup | null {
  let best: { group: EventGroup; fit: number } | null = null;
  for (const group of groups) {
    const fit = fitOf(probe, group, options);
    if (fit === null || fit < MIN_FIT) continue;
    if (!best || fit > best.fit || (fit === best.fit && group.lastAt > best.group.lastAt))
      best = { group, fit };
  }
  return best?.group ?? null;
}

/** The group after the story's report joins it (or a new group founded by the story). */
export function joinGroup(
  group: EventGroup | null,
  probe: EventProbe,
  storyId: string,
): EventGroup {
  if (!group)
    return {
      id: storyId,
      pair: probe.pair,
      direction: probe.direction,
      quad: probe.quad,
      roots: [probe.root],
      entities: probe.entities,
      members: [[probe.language, storyId]],
      firstAt: probe.at,
      lastAt: probe.at,
    };
  const member = group.members.some(([, s]) => s === storyId);
  return {
    ...group,
    roots: [...new Set([...group.roots, probe.root])].sort(),
    entities: [...new Set([...group.entities, ...probe.entities])].slice(0, MAX_GROUP_ENTITIES),
    members: member ? group.members : [...group.members, [probe.language, storyId]],
    firstAt: Math.min(group.firstAt, probe.at),
    lastAt: Math.max(group.lastAt, probe.at),
  };
}

/** Groups of a pair no report can join any more (the commit drops them). */
export function staleGroups(groups: EventGroup[], now: number, options: GroupingOptions): string[] {
  return groups.filter((g) => g.lastAt + 2 * options.windowMs < now).map((g) => g.id);
}

export interface Placement {
  /** The story id alerts use: the event group's, or the item's own story. */
  storyId: string;
  /** The group after the item joined it; null when the item leaves the index alone. */
  group: EventGroup | null;
  /** The group was founded by another story (so in another language) than the item's. */
  crossLanguage: boolean;
  /** Groups of the pair to drop with the write (no report can join them any more). */
  drop: string[];
}

/**
 * Where an item's story goes, given the story's known group (if any) and the live groups of
 * the item's pair: the one decision io/event-grouper.ts commits and the backtest replays.
 */
export function placeStory(
  probe: EventProbe | null,
  storyId: string,
  known: string | null,
  groups: EventGroup[],
  now: number,
  options: GroupingOptions,
): Placement {
  const alone = { storyId: known ?? storyId, group: null, crossLanguage: false, drop: [] };
  if (!probe) return alone;
  const mine = known ? groups.find((g) => g.id === known) : undefined;
  // A story whose group is for another pair (its first report named other actors), or has left
  // the index, stays where it is.
  if (known && !mine) return alone;
  const group = joinGroup(mine ?? chooseGroup(probe, groups, options), probe, storyId);
  const drop = staleGroups(groups, now, options).filter((id) => id !== group.id);
  // One story per language in a group: any story but the founder is another language's.
  return { storyId: group.id, group, crossLanguage: group.id !== storyId, drop };
}

/** The languages a group's stories are in, other than `language`. */
export function otherLanguages(group: EventGroup, language: string): string[] {
  return group.members.map(([lang]) => lang).filter((l) => l !== language);
}
