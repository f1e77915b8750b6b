import { francAll } from 'franc-min';

// Language detection with franc-min (trigram distances over its ~80 languages), mapped from
// ISO 639-3 to ISO 639-1. Confidence is how far the best guess stands from the runner-up and
// grows with the amount of text; short or ambiguous text gives a low confidence.

const ISO3_TO_1: Record<string, string> = {
  eng: 'en',
  spa: 'es',
  por: 'pt',
  fra: 'fr',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  pol: 'pl',
  ron: 'ro',
  tur: 'tr',
  ind: 'id',
  vie: 'vi',
  jav: 'jv',
  swh: 'sw',
  sun: 'su',
  hau: 'ha',
  bos: 'bs',
  hrv: 'hr',
  srp: 'sr',
  yor: 'yo',
  uzn: 'uz',
  zlm: 'ms',
  ibo: 'ig',
  ceb: 'ceb',
  tgl: 'tl',
  hun: 'hu',
  azj: 'az',
  ces: 'cs',
  run: 'rn',
  plt: 'mg',
  nya: 'ny',
  kin: 'rw',
  zul: 'zu',
  swe: 'sv',
  lin: 'ln',
  som: 'so',
  ilo: 'ilo',
  rus: 'ru',
  ukr: 'uk',
  bel: 'be',
  bul: 'bg',
  kaz: 'kk',
  arb: 'ar',
  urd: 'ur',
  pes: 'fa',
  pbu: 'ps',
  hin: 'hi',
  mar: 'mr',
  npi: 'ne',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
  tha: 'th',
  ell: 'el',
  heb: 'he',
  ben: 'bn',
  tam: 'ta',
  tel: 'te',
  kan: 'kn',
  mal: 'ml',
  guj: 'gu',
  pan: 'pa',
  ori: 'or',
  sin: 'si',
  mya: 'my',
  khm: 'km',
  lao: 'lo',
  amh: 'am',
  kat: 'ka',
  hye: 'hy',
  ckb: 'ckb',
  fin: 'fi',
  dan: 'da',
  nob: 'nb',
  slk: 'sk',
  slv: 'sl',
  lit: 'lt',
  lav: 'lv',
  est: 'et',
  cat: 'ca',
};

export interface Language {
  code: string;
  confidence: number;
}

/** Distinctive function words of the most common news languages: decided without trigrams. */
const STOPWORDS: Record<string, string[]> = {
  en: 'the and of to is that for was with are have from this which will their been would has his its it said were who they not but after than had'.split(
    ' ',
  ),
  de: 'der die das und ist nicht mit sich auf für dem den eine auch wird sind wurde'.split(' '),
  fr: 'le la les et des est une dans pour qui pas sur par avec plus sont été'.split(' '),
  es: 'el la los las y que del en por una para con pero más fue sus está'.split(' '),
  it: 'il di che della per non una sono del con gli nel alla anche più è'.split(' '),
  pt: 'o os que do da em um uma não para com dos das mais foi ao'.split(' '),
  nl: 'de het een van en is dat niet op zijn met voor ook wordt aan werd'.split(' '),
};
const STOPWORD_LANGS = new Map<string, number>();
const LANG_CODES = Object.keys(STOPWORDS);
LANG_CODES.forEach((code, i) => {
  for (const w of STOPWORDS[code]!) STOPWORD_LANGS.set(w, (STOPWORD_LANGS.get(w) ?? 0) | (1 << i));
});
const SAMPLE = 300;

/** Detects the language of `text`; `und` with confidence 0 when it cannot tell. */
export function detectLanguage(text: string, hint?: string): Language {
  const sample = sampleText(text);
  const quick = detectByStopwords(sample);
  if (quick) return quick;
  const ranked = francAll(sample, { minLength: 20 });
  const best = ranked[0];
  if (!best || best[0] === 'und') return fromHint(hint);
  const code = ISO3_TO_1[best[0]] ?? best[0];
  const runnerUp = ranked[1]?.[1] ?? 0;
  const margin = ranked.length > 1 ? best[1] - runnerUp : 1;
  const lengthFactor = Math.min(1, sample.length / SAMPLE);
  const confidence = Math.min(1, Math.max(0, (0.35 + margin * 1.5) * lengthFactor));
  const hinted = hint?.toLowerCase().slice(0, 2);
  if (hinted && hinted !== code && confidence < 0.5 && /^[a-z]{2}$/.test(hinted))
    return { code: hinted, confidence: 0.5 };
  return { code, confidence: round(confidence) };
}

/** About 300 characters from the longest lines (prose, not menus or headlines). */
function sampleText(text: string): string {
  if (text.length <= SAMPLE) return text;
  const lines = text.split('\n');
  if (lines.length === 1) return text.slice(0, SAMPLE);
  let longest = '';
  for (const line of lines) if (line.length > longest.length) longest = line;
  if (longest.length >= SAMPLE) return longest.slice(0, SAMPLE);
  const sorted = lines.filter((l) => l.length > 0).sort((a, b) => b.length - a.length);
  let out = '';
  for (const line of sorted) {
    out += (out ? ' ' : '') + line;
    if (out.length >= SAMPLE) break;
  }
  return out.slice(0, SAMPLE);
}

/** A clear majority of one language's function words decides without franc. */
function detectByStopwords(sample: string): Language | undefined {
  const counts = new Array<number>(LANG_CODES.length).fill(0);
  let words = 0;
  for (const w of sample.toLowerCase().split(/[^\p{L}]+/u)) {
    if (!w) continue;
    words++;
    const mask = STOPWORD_LANGS.get(w);
    if (mask) for (let i = 0; i < LANG_CODES.length; i++) if (mask & (1 << i)) counts[i]!++;
  }
  let best = 0;
  let second = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i]! > counts[best]!) best = i;
  for (let i = 0; i < counts.length; i++)
    if (i !== best && counts[i]! > second) second = counts[i]!;
  const top = counts[best]!;
  if (words < 25 || top < 5 || top < 3 * second || top < words * 0.15) return undefined;
  return { code: LANG_CODES[best]!, confidence: round(Math.min(1, 0.5 + (top - second) / words)) };
}

function fromHint(hint?: string): Language {
  const code = hint?.toLowerCase().slice(0, 2);
  return code && /^[a-z]{2}$/.test(code)
    ? { code, confidence: 0.3 }
    : { code: 'und', confidence: 0 };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
