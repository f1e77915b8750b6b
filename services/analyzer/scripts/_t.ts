import { loadKnowledgeBase } from '@faultline/analyzer/core/entities/index.ts';
import { compiledLanguage } from '@faultline/analyzer/core/multilingual/languages.ts';
const kb = loadKnowledgeBase(); const c = compiledLanguage('zh', kb.index)!;
const s = '北韓發射中程彈道飛彈 飛行約1000公里';
const re = c.allCues; re.lastIndex = 0; let m; while ((m = re.exec(s))) { let g = 1; while (g < m.length && m[g] === undefined) g++; console.log(m.index, JSON.stringify(m[0]), c.cueOfGroup[g]!.label); }
console.log(c.negation.source.slice(0, 200));
console.log(c.allCues.source.slice(0, 400));
import { Converter } from 'opencc-js/cn2t';
console.log(Converter({ from: 'cn', to: 'twp' })('发射(?:了)?(?:\\S{0,4})导弹|巡航导弹'), Converter({ from: 'cn', to: 'twp' })('导弹'));
