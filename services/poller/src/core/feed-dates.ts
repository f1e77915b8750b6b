// Feed dates to UTC ISO-8601. JavaScript's Date parses RFC 822/2822 and ISO 8601, but reads an
// ISO date-time without a zone as local time and knows few zone names: normalise those first.

const ZONES: Record<string, string> = {
  UT: '+0000',
  UTC: '+0000',
  GMT: '+0000',
  Z: '+0000',
  EST: '-0500',
  EDT: '-0400',
  CST: '-0600',
  CDT: '-0500',
  MST: '-0700',
  MDT: '-0600',
  PST: '-0800',
  PDT: '-0700',
  BST: '+0100',
  CET: '+0100',
  CEST: '+0200',
  EET: '+0200',
  EEST: '+0300',
  MSK: '+0300',
  IST: '+0530',
  JST: '+0900',
  KST: '+0900',
  AEST: '+1000',
  AEDT: '+1100',
};

/** Month names in a few languages feeds use, to English. */
const MONTHS: Record<string, string> = {
  janv: 'Jan',
  fev: 'Feb',
  fév: 'Feb',
  févr: 'Feb',
  fevr: 'Feb',
  mär: 'Mar',
  mrz: 'Mar',
  mars: 'Mar',
  abr: 'Apr',
  avr: 'Apr',
  mai: 'May',
  mayo: 'May',
  juin: 'Jun',
  juil: 'Jul',
  ago: 'Aug',
  août: 'Aug',
  set: 'Sep',
  sept: 'Sep',
  out: 'Oct',
  okt: 'Oct',
  ott: 'Oct',
  dez: 'Dec',
  dic: 'Dec',
  déc: 'Dec',
  ene: 'Jan',
  gen: 'Jan',
  giu: 'Jun',
  lug: 'Jul',
};

const MIN_MS = Date.UTC(1990, 0, 1);

/** Parses a feed date into a UTC ISO string, or returns null when it is not a usable date. */
export function normalizeDate(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  // ISO date-time without an offset: UTC, not local time.
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s = `${s.replace(' ', 'T')}Z`;
  // A trailing zone name JavaScript does not know.
  s = s.replace(/\s([A-Z]{1,5})$/, (m, zone: string) => (ZONES[zone] ? ` ${ZONES[zone]}` : m));
  let ms = Date.parse(s);
  if (Number.isNaN(ms)) {
    // Drop a leading day name ("Tues, 01 Jan 2004 ...") and retry.
    const stripped = s
      .replace(/^[\p{L}]+\.?,?\s*/u, '')
      .replace(
        /(?<=^\d{1,2}\s)([\p{L}]+)\.?/u,
        (m, name: string) => MONTHS[name.toLowerCase()] ?? m,
      );
    ms = Date.parse(stripped);
  }
  if (Number.isNaN(ms) || ms < MIN_MS) return null;
  return new Date(ms).toISOString();
}
