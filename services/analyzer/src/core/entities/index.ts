import type { Mention, ItemEntity } from '@faultline/shared/schemas';

/** The loaded knowledge base: canonical entities, aliases and the trained tagger. (Placeholder.) */
export interface KnowledgeBase {
  readonly version: string;
}

let cached: KnowledgeBase | null = null;

/** Loads the committed model and knowledge-base files (sync; cached once per process). */
export function loadKnowledgeBase(options?: { dir?: string }): KnowledgeBase {
  if (cached && !options?.dir) return cached;
  const kb: KnowledgeBase = { version: 'placeholder' };
  if (!options?.dir) cached = kb;
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

/** Finds and links the entity mentions of one item. (Placeholder: finds nothing yet.) */
export function extractEntities(_item: EntityInput, _kb: KnowledgeBase): EntityResult {
  return { mentions: [], entities: [] };
}
