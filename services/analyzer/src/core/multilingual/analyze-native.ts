import type { AnalyzedItem, CleanItem } from '@faultline/shared/schemas';
import type { KnowledgeBase } from '../entities/index.ts';
import { extractNativeEntities } from './entities.ts';
import { buildGist } from './gist.ts';
import { compiledLanguage } from './languages.ts';
import { detectNativeTension } from './tension.ts';

// The language dispatch in front of the English analyzer. English (and undetermined text) goes
// the English way (null here); a language with a table is read natively; any other language is
// flagged "not-analysed": kept and passed on, with no entities and no tension rather than ones
// the English models would make up from foreign words.

/** Below this detection confidence the item is treated as before (the English path). */
export const MIN_LANGUAGE_CONFIDENCE = 0.3;

export function baseLanguage(code: string): string {
  return code.toLowerCase().split(/[-_]/)[0] ?? '';
}

export function analyzeInLanguage(
  clean: CleanItem,
  kb: KnowledgeBase,
  now: Date,
): AnalyzedItem | null {
  const lang = baseLanguage(clean.language.code);
  if (lang === 'en' || lang === 'und' || lang === '') return null;
  const compiled = compiledLanguage(lang, kb.index);
  if (!compiled) {
    if (clean.language.confidence < MIN_LANGUAGE_CONFIDENCE) return null;
    return {
      ...clean,
      mentions: [],
      entities: [],
      tension: { score: 0, level: 'none', topics: [], dyads: [] },
      analyzedAt: now.toISOString(),
      analysis: { language: lang, mode: 'not-analysed', reason: `no language table for ${lang}` },
    };
  }
  const found = extractNativeEntities(
    {
      title: clean.title,
      text: clean.text,
      publishedAt: clean.publishedAt,
      ...(clean.lead !== undefined ? { lead: clean.lead } : {}),
    },
    compiled,
    kb,
  );
  const t = detectNativeTension({ title: clean.title, text: clean.text }, found, compiled);
  const actors = found.entities.map((e) => e.id).filter((x): x is string => !!x);
  const gist = buildGist(t.tension, t.labels, t.top, actors);
  return {
    ...clean,
    mentions: found.mentions,
    entities: found.entities,
    tension: t.tension,
    analyzedAt: now.toISOString(),
    analysis: { language: lang, mode: 'native' },
    ...(gist ? { gist } : {}),
  };
}
