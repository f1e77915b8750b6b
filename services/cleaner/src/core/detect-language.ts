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

/** Detects the language of `text`; `und` with confidence 0 when it cannot tell. */
export function detectLanguage(text: string, hint?: string): Language {
  const sample = text.length > 600 ? text.slice(0, 600) : text;
  const ranked = francAll(sample, { minLength: 20 });
  const best = ranked[0];
  if (!best || best[0] === 'und') return fromHint(hint);
  const code = ISO3_TO_1[best[0]] ?? best[0];
  const runnerUp = ranked[1]?.[1] ?? 0;
  const margin = ranked.length > 1 ? best[1] - runnerUp : 1;
  const lengthFactor = Math.min(1, sample.length / 300);
  const confidence = Math.min(1, Math.max(0, (0.35 + margin * 1.5) * lengthFactor));
  const hinted = hint?.toLowerCase().slice(0, 2);
  if (hinted && hinted !== code && confidence < 0.5 && /^[a-z]{2}$/.test(hinted))
    return { code: hinted, confidence: 0.5 };
  return { code, confidence: round(confidence) };
}

function fromHint(hint?: string): Language {
  const code = hint?.toLowerCase().slice(0, 2);
  return code && /^[a-z]{2}$/.test(code)
    ? { code, confidence: 0.3 }
    : { code: 'und', confidence: 0 };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
