import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '@faultline/shared/schemas';
import { buildAlert } from './build-alert.ts';
import { matchRules } from './match-rules.ts';
import { parseRulesYaml } from './rules-schema.ts';
import { buildSlackMessage } from './slack-blocks.ts';
import { seedItem } from '../fixtures/analyzed-items.ts';

// A non-English item as the analyzer's native path produces it (canonical actors, English
// topic ids, the evidence in its own language, an English gist): the example rules written
// once in English terms fire on it, and the alert carries its language and gist.

const parsed = parseRulesYaml(
  readFileSync(new URL('../../rules.example.yaml', import.meta.url), 'utf8'),
);
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const rules = parsed.rules;

function russianItem(): AnalyzedItem {
  const title = 'Россия стягивает войска к границам НАТО';
  const seed = seedItem();
  return {
    ...seed,
    itemId: 'i_ru0000000000000001',
    storyId: 's_ru00000000000000001',
    url: 'https://example-news.ru/world/1',
    title,
    lead: title,
    paragraphs: [title],
    text: title,
    language: { code: 'ru', confidence: 0.98 },
    tension: {
      score: 0.92,
      level: 'medium',
      topics: [
        {
          topic: 'military-buildup',
          cameo: '152',
          goldstein: -7.2,
          score: 0.92,
          evidence: [{ field: 'title', start: 0, end: title.length, text: title }],
        },
      ],
      dyads: [{ source: 'RUS', target: 'ORG:NATO', score: 0.92, topics: ['military-buildup'] }],
    },
    analysis: { language: 'ru', mode: 'native' },
    gist: 'RUS -> ORG:NATO: troop build-up (CAMEO 152, exhibit force posture)',
  };
}

describe('alerts on non-English items', () => {
  it('fire the example rules on canonical actors and topics, with the gist and language', () => {
    const item = russianItem();
    const m = matchRules(item, rules).find((x) => x.rule.id === 'military-escalation');
    expect(m).toBeDefined();
    const alert = buildAlert(
      item,
      m!,
      { alertKey: 'k', isUpdate: false, reason: 'first' },
      new Date(),
    );
    expect(alert.language).toBe('ru');
    expect(alert.gist).toBe(item.gist);
    const slack = JSON.stringify(buildSlackMessage(alert));
    expect(slack).toContain('ORG:NATO: troop build-up (CAMEO 152');
    expect(slack).toContain('item in ru');
    expect(slack).toContain('Россия стягивает войска');
  });

  it('leave English alerts as they were', () => {
    const item = seedItem();
    const m = matchRules(item, rules)[0]!;
    const alert = buildAlert(
      item,
      m,
      { alertKey: 'k', isUpdate: false, reason: 'first' },
      new Date(),
    );
    expect(alert.language).toBeUndefined();
    expect(alert.gist).toBeUndefined();
  });
});
