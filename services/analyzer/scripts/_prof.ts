import { readFileSync } from 'node:fs';
import { loadKnowledgeBase } from '@faultline/analyzer/core/entities/index.ts';
import { compiledLanguage } from '@faultline/analyzer/core/multilingual/languages.ts';
import { findNames } from '@faultline/analyzer/core/multilingual/name-index.ts';
import { extractNativeEntities } from '@faultline/analyzer/core/multilingual/entities.ts';
import { detectNativeTension } from '@faultline/analyzer/core/multilingual/tension.ts';
const lang = process.argv[2]!;
const kb = loadKnowledgeBase();
const c = compiledLanguage(lang, kb.index)!;
const lines = readFileSync(`services/analyzer/test-data/multilingual-bench/${lang}.txt`, 'utf8').split('\n').filter(Boolean);
const text = Array.from({ length: 30 }, (_, i) => lines[(i * 7) % lines.length]).join(' ');
const t = (name: string, f: () => unknown) => { for (let i = 0; i < 50; i++) f(); const t0 = performance.now(); for (let i = 0; i < 300; i++) f(); console.log(name, ((performance.now() - t0) / 300).toFixed(3), 'ms'); };
t('names', () => findNames(text, c.names));
const found = extractNativeEntities({ title: lines[0]!, text, publishedAt: '2026-01-01T00:00:00Z' }, c, kb);
t('entities', () => extractNativeEntities({ title: lines[0]!, text, publishedAt: '2026-01-01T00:00:00Z' }, c, kb));
t('tension', () => detectNativeTension({ title: lines[0]!, text }, found, c));
for (const { re, cue } of c.cues) { const t0 = performance.now(); for (let i = 0; i < 100; i++) { re.lastIndex = 0; [...text.matchAll(re)]; } const ms = (performance.now() - t0) / 100; if (ms > 0.03) console.log('  cue', cue.label, ms.toFixed(3)); }
