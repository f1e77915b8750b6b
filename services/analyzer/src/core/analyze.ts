import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import { extractEntities, type KnowledgeBase } from './entities/index.ts';
import { detectTension } from './tension/detect-tension.ts';
import type { TensionModel } from './tension/model.ts';
import { analyzeInLanguage } from './multilingual/analyze-native.ts';
import { stripHiddenControls } from '@faultline/shared/text';

// The analyzer's pure step: entities, then tension over the same text, into an AnalyzedItem.

export function analyze(
  item: CleanItem,
  kb: KnowledgeBase,
  model: TensionModel,
  now: Date = new Date(),
): AnalyzedItem {
  // Offsets index the text as analysed, so the item carries it without hidden controls.
  const clean = withoutHiddenControls(item);
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

function withoutHiddenControls(item: CleanItem): CleanItem {
  const title = stripHiddenControls(item.title);
  const text = stripHiddenControls(item.text);
  const lead = item.lead === undefined ? undefined : stripHiddenControls(item.lead);
  if (title === item.title && text === item.text && lead === item.lead) return item;
  const paragraphs = item.paragraphs.map(stripHiddenControls);
  return { ...item, title, text, paragraphs, ...(lead !== undefined ? { lead } : {}) };
}
