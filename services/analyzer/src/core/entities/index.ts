import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Mention, ItemEntity } from '@faultline/shared/schemas';
import { DEFAULT_MODEL_DIR, readKbFile, readTaggerModel, readWordClusters } from './kb-file.ts';
import { loadIndexes, type LoadedKb } from './knowledge-base.ts';
import { CURATED_PEOPLE } from './curated/leaders.ts';
import { CURATED_ORGS, CURATED_REGIONS } from './curated/orgs.ts';
import { slugify } from './normalize.ts';
import { findMentions } from './mentions.ts';
import { summarizeEntities } from './summarize.ts';

/** The loaded knowledge base: canonical entities, alias indexes, gazetteer and trained tagger. */
export interface KnowledgeBase extends LoadedKb {
  readonly dir: string;
  /** Modification stamp of the files it was loaded from. */
  readonly stamp: string;
}

const cache = new Map<string, KnowledgeBase>();

function stampOf(dir: string): string {
  return ['kb.json.gz', 'ner.bin.gz', 'clusters.txt.gz']
    .map((f) => {
      try {
        const s = statSync(join(dir, f));
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return 'none';
      }
    })
    .join('|');
}

/**
 * Loads the committed KB and tagger files (sync). Cached per folder: calling it again is cheap
 * and returns a fresh KnowledgeBase only when the files changed (reload without restart).
 */
export function loadKnowledgeBase(options?: { dir?: string }): KnowledgeBase {
  const dir = options?.dir ?? DEFAULT_MODEL_DIR;
  const stamp = stampOf(dir);
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit;
  const file = readKbFile(dir);
  const curated = new Set<string>([
    ...CURATED_PEOPLE.map((p) => `PER:${slugify(p.name)}`),
    ...CURATED_ORGS.map((o) => o.id),
    ...CURATED_REGIONS.map((r) => r.id),
    ...file.entities.filter((e) => /^([A-Z]{3}|GOV:[A-Z]{3})$/.test(e.id)).map((e) => e.id),
  ]);
  const kb: KnowledgeBase = {
    ...loadIndexes(file, curated, readTaggerModel(dir), readWordClusters(dir)),
    dir,
    stamp,
  };
  cache.set(dir, kb);
  return kb;
}

export interface EntityInput {
  title: string;
  text: string;
  publishedAt: string;
  lead?: string;
}

export interface EntityResult {
  mentions: Mention[];
  entities: ItemEntity[];
}

/** Finds the entity mentions of one item, links them to the KB and summarises the entities. */
export function extractEntities(item: EntityInput, kb: KnowledgeBase): EntityResult {
  const found = findMentions(item, kb);
  return { mentions: found.map((f) => f.mention), entities: summarizeEntities(item, found, kb) };
}
