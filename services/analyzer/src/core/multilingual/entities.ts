import type { Mention } from '@faultline/shared/schemas';
import type { EntityResult } from '../entities/index.ts';
import type { LoadedKb } from '../entities/knowledge-base.ts';
import { roleOn } from '../entities/knowledge-base.ts';
import type { FoundMention } from '../entities/mentions.ts';
import { summarizeEntities } from '../entities/summarize.ts';
import type { CompiledLanguage } from './languages.ts';
import { findNames } from './name-index.ts';
import { findSurnames } from './surnames.ts';

// Native entities: every name of the language's index found in the title and body becomes a
// mention linked to its canonical id; the entity list is summarised exactly as in English
// (salience by field and position, role on the article's date).

export interface NativeEntityInput {
  title: string;
  text: string;
  publishedAt: string;
  lead?: string;
}

export function extractNativeEntities(
  item: NativeEntityInput,
  lang: CompiledLanguage,
  kb: LoadedKb,
): EntityResult {
  const date = item.publishedAt.slice(0, 10);
  const found: FoundMention[] = [];
  for (const field of ['title', 'text'] as const) {
    const text = item[field];
    const named = findNames(text, lang.names);
    const heard = findSurnames(text, lang.surnames, lang.table, lang.names.suffixes, named);
    for (const hit of [...named, ...heard]) {
      const ids = hit.id.split('|');
      const oneEach = ids.length > 1 && hit.end - hit.start === ids.length;
      ids.forEach((id, i) => {
        const entity = lang.entity(id);
        if (!entity) return;
        const start = oneEach ? hit.start + i : hit.start;
        const end = oneEach ? start + 1 : hit.end;
        const mention: Mention = {
          field,
          start,
          end,
          text: text.slice(start, end),
          type: entity.type,
          entityId: entity.id,
          confidence: 0.9,
        };
        found.push({ mention, entity, role: roleOn(entity.roles, date), group: entity.id });
      });
    }
  }
  return {
    mentions: found.map((f) => f.mention),
    entities: summarizeEntities(item, found, kb),
  };
}
