import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import { extractEntities, type KnowledgeBase } from './entities/index.ts';
import { detectTension } from './tension/detect-tension.ts';
import type { TensionModel } from './tension/model.ts';
import { analyzeInLanguage } from './multilingual/analyze-native.ts';

// The analyzer's pure step: entities, then tension over the same text, into an AnalyzedItem.

export function analyze(
  clean: CleanItem,
  kb: KnowledgeBase,
  model: TensionModel,
  now: Date = new Date(),
): AnalyzedItem {
  const native = analyzeInLanguage(clean, kb, now);
  if (native) return native;
  const found = extractEntities(
    {
      title: clean.title,
      text: clean.text,
      publishedAt: clean.publishedAt,
      ...(clean.lead !== undefined ? { lead: clean.lead } : {}),
    },
    kb,
  );
  const tension = detectTension({ title: clean.title, text: clean.text }, found, model);
  return {
    ...clean,
    mentions: found.mentions,
    entities: found.entities,
    tension,
    analyzedAt: now.toISOString(),
  };
}
