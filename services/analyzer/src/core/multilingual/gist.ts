import type { Tension } from '@faultline/shared/schemas';
import { familyOfRoot, topicById } from '../tension/taxonomy.ts';
import type { Cue } from './types.ts';

// A one-line English gist of a structured result, for an operator who does not read the item's
// language: who, which CAMEO event, against whom. "RUS -> UKR: missile strike (CAMEO 19, fight)".

export function buildGist(
  tension: Tension,
  labels: ReadonlyMap<string, Cue>,
  top: Cue | undefined,
  actors: readonly string[],
): string | undefined {
  if (tension.level === 'none') return undefined;
  const d = tension.dyads[0];
  const cue = (d && labels.get(`${d.source}>${d.target}`)) ?? top;
  const topicId = cue?.topic ?? tension.topics[0]?.topic;
  const def = topicId ? topicById(topicId) : undefined;
  if (!def) return undefined;
  const family = familyOfRoot(Number(def.cameo.slice(0, 2)));
  const what = `${cue?.label ?? def.label.toLowerCase()} (CAMEO ${def.cameo}${family ? `, ${family.label.toLowerCase()}` : ''})`;
  const who = d ? `${d.source} -> ${d.target}` : actors[0];
  return who ? `${who}: ${what}` : what;
}
