import type { AnalyzedItem, Dyad, ItemEntity, TopicHit } from '@faultline/shared/schemas';
import type { SourceRef } from '@faultline/shared/schemas';
import { foldHomoglyphs } from '@faultline/shared/text';
import type { Rule } from './rules-schema.ts';

// matchRules(item, rules, now) -> RuleMatch[]: which watch rules an analyzed item satisfies, and
// why. Every criterion present in a rule must hold (AND); lists inside a criterion are OR unless
// they are `all`. Pure: the story's sources seen so far come in through `context`.

export interface RuleMatch {
  rule: Rule;
  /** Human-readable reasons, one per satisfied criterion. */
  matched: string[];
  entities: ItemEntity[];
  topics: TopicHit[];
  dyads: Dyad[];
  score: number;
  /** Actor ids involved, for escalation checks. */
  actors: string[];
  /** Independent sources reporting the story (one per domain or feed). */
  sources: SourceRef[];
  evidence: string[];
}

export interface MatchContext {
  /** Sources already seen for this story (syndicated copies), beyond the item's own. */
  storySources?: SourceRef[];
}

/** Names and keywords compared without case, accents or homoglyphs ("Рutin" is "putin"). */
export const normalize = (s: string): string =>
  foldHomoglyphs(s)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[-_\s]+/g, ' ')
    .trim();

/**
 * A country spec (RUS) also matches its government (GOV:RUS). Two wildcards: `state` matches
 * any country or government (ISO3, GOV:ISO3), `any` matches every actor.
 */
export function sameActor(spec: string, id: string | null): boolean {
  if (!id) return false;
  const s = spec.toUpperCase();
  const i = id.toUpperCase();
  if (s === 'STATE') return /^(?:GOV:)?[A-Z]{3}$/.test(i);
  if (s === 'ANY') return true;
  return s === i || i === `GOV:${s}`;
}

function entityMatches(spec: string, e: ItemEntity): boolean {
  return sameActor(spec, e.id) || normalize(spec) === normalize(e.name);
}

/** Item text with homoglyph imitations folded, once per item (keywords cannot be dodged). */
const foldedTexts = new WeakMap<object, string>();
function foldedText(item: Pick<AnalyzedItem, 'title' | 'text'>): string {
  let text = foldedTexts.get(item);
  if (text === undefined) {
    text = foldHomoglyphs(`${item.title}\n${item.text}`);
    foldedTexts.set(item, text);
  }
  return text;
}

const keywordCache = new Map<string, RegExp>();
function keywordRegex(word: string): RegExp {
  let re = keywordCache.get(word);
  if (!re) {
    const escaped = normalize(word)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/ /g, '[-_\\s]+');
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
    if (keywordCache.size > 5000) keywordCache.clear();
    keywordCache.set(word, re);
  }
  return re;
}

function domainOf(ref: SourceRef): string | undefined {
  if (ref.domain) return ref.domain.toLowerCase().replace(/^www\./, '');
  if (!ref.url) return undefined;
  try {
    return new URL(ref.url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** One source per independent origin (domain, or feed), in first-seen order. */
export function independentSources(
  refs: SourceRef[],
  by: 'domain' | 'feed',
): Array<SourceRef & { key: string }> {
  const out = new Map<string, SourceRef & { key: string }>();
  for (const ref of refs) {
    const key = by === 'domain' ? (domainOf(ref) ?? `feed:${ref.feedId}`) : ref.feedId;
    if (!out.has(key)) {
      const domain = domainOf(ref);
      out.set(key, { ...ref, ...(domain ? { domain } : {}), key });
    }
  }
  return [...out.values()];
}

export function itemSources(item: AnalyzedItem, context: MatchContext = {}): SourceRef[] {
  const own: SourceRef = {
    feedId: item.feedId,
    itemId: item.itemId,
    ...(item.url ? { url: item.url } : {}),
  };
  return [own, ...item.sources, ...(context.storySources ?? [])];
}

/** Evaluates one rule; null when any criterion fails. */
export function matchRule(
  item: AnalyzedItem,
  rule: Rule,
  context: MatchContext = {},
): RuleMatch | null {
  const m = rule.match;
  if (!m) return null; // a trend rule: matched against tension events, not items
  const matched: string[] = [];
  const entities = new Map<string, ItemEntity>();
  const actors = new Set<string>();
  let topics: TopicHit[] = [];
  let dyads: Dyad[] = [];
  const score = item.tension.score;

  if (m.minScore !== undefined) {
    if (score < m.minScore) return null;
    matched.push(`tension score ${score.toFixed(2)} >= ${m.minScore}`);
  }
  if (m.languages) {
    const code = item.language.code.toLowerCase();
    if (
      !m.languages.some((l) => code === l.toLowerCase() || code.startsWith(`${l.toLowerCase()}-`))
    )
      return null;
    matched.push(`language ${code}`);
  }
  if (m.feeds) {
    if (!m.feeds.includes(item.feedId)) return null;
    matched.push(`feed ${item.feedId}`);
  }
  if (m.tags) {
    const hit = m.tags.filter((t) => item.tags.includes(t));
    if (!hit.length) return null;
    matched.push(`tags ${hit.join(', ')}`);
  }
  if (m.regions) {
    const hit = m.regions.filter((r) => item.tags.includes(`region:${r}`));
    if (!hit.length) return null;
    matched.push(`region ${hit.join(', ')}`);
  }
  if (m.topics) {
    const t = m.topics;
    const strong = item.tension.topics.filter((h) => h.score >= t.minScore);
    const named = (spec: string) => strong.filter((h) => normalize(h.topic) === normalize(spec));
    let chosen: TopicHit[] = strong;
    if (t.all) {
      if (!t.all.every((s) => named(s).length)) return null;
      chosen = t.all.flatMap(named);
    }
    if (t.any) {
      const any = t.any.flatMap(named);
      if (!any.length) return null;
      chosen = t.all ? [...chosen, ...any] : any;
    }
    if (t.cameo) {
      const byCode = strong.filter((h) => t.cameo!.some((c) => h.cameo.startsWith(c)));
      if (!byCode.length) return null;
      chosen = t.any || t.all ? chosen : byCode;
    }
    topics = [...new Set(chosen)];
    if (!topics.length) return null;
    matched.push(`topics ${topics.map((h) => `${h.topic} (${h.score.toFixed(2)})`).join(', ')}`);
  }
  if (m.entities) {
    const e = m.entities;
    const find = (spec: string) => item.entities.filter((x) => entityMatches(spec, x));
    if (e.none?.some((s) => find(s).length)) return null;
    if (e.all) {
      if (!e.all.every((s) => find(s).length)) return null;
      for (const x of e.all.flatMap(find)) entities.set(x.id ?? x.name, x);
    }
    if (e.any) {
      const hit = e.any.flatMap(find);
      if (!hit.length) return null;
      for (const x of hit) entities.set(x.id ?? x.name, x);
    }
    if (e.all || e.any) matched.push(`entities ${[...entities.keys()].join(', ')}`);
  }
  if (m.actors) {
    const found: string[] = [];
    for (const pair of m.actors) {
      const inA = (id: string | null) => pair.a.some((s) => sameActor(s, id));
      const inB = (id: string | null) => pair.b.some((s) => sameActor(s, id));
      if (pair.mode === 'dyad') {
        const hits = item.tension.dyads.filter(
          (d) => (inA(d.source) && inB(d.target)) || (inB(d.source) && inA(d.target)),
        );
        dyads.push(...hits);
        for (const d of hits) {
          found.push(`${d.source}->${d.target}`);
          actors.add(d.source).add(d.target);
        }
      } else {
        const a = item.entities.filter((x) => inA(x.id));
        const b = item.entities.filter((x) => inB(x.id));
        if (a.length && b.length) {
          found.push(`${a[0]!.id} & ${b[0]!.id}`);
          for (const x of [...a, ...b]) {
            actors.add(x.id!);
            entities.set(x.id!, x);
          }
        }
      }
    }
    if (!found.length) return null;
    dyads = [...new Set(dyads)];
    matched.push(`actors ${[...new Set(found)].join(', ')}`);
  }
  if (m.keywords) {
    const haystack = foldedText(item);
    if (m.keywords.none?.some((k) => keywordRegex(k).test(haystack))) return null;
    if (m.keywords.any) {
      const hit = m.keywords.any.filter((k) => keywordRegex(k).test(haystack));
      if (!hit.length) return null;
      matched.push(`keywords ${hit.join(', ')}`);
    }
  }

  let sources = independentSources(itemSources(item, context), rule.corroboration?.by ?? 'domain');
  if (rule.corroboration) {
    if (sources.length < rule.corroboration.minSources) return null;
    matched.push(
      `corroborated by ${sources.length} independent sources (${sources.map((s) => s.key).join(', ')})`,
    );
  }
  sources = sources.slice(0, 20);

  for (const d of item.tension.dyads) if (!m.actors) actors.add(d.source).add(d.target);
  for (const d of dyads) actors.add(d.source).add(d.target);
  if (!entities.size)
    for (const x of [...item.entities].sort((p, q) => q.salience - p.salience).slice(0, 5))
      entities.set(x.id ?? x.name, x);
  if (!topics.length) topics = item.tension.topics.filter((h) => h.score > 0).slice(0, 5);
  const evidence = [...new Set(topics.flatMap((h) => h.evidence.map((s) => s.text)))].slice(0, 5);

  return {
    rule,
    matched,
    entities: [...entities.values()],
    topics,
    dyads: dyads.length ? dyads : item.tension.dyads.slice(0, 5),
    score,
    actors: [...actors].sort(),
    sources: sources.map(({ key: _key, ...ref }) => ref),
    evidence,
  };
}

/** Every enabled rule the item satisfies, in rule-file order. `now` is for time-bound rules. */
export function matchRules(
  item: AnalyzedItem,
  rules: Rule[],
  _now: Date = new Date(),
  context: MatchContext = {},
): RuleMatch[] {
  const out: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const m = matchRule(item, rule, context);
    if (m) out.push(m);
  }
  return out;
}
