/** Compressed word shape: "Putin" -> "Xx", "NATO" -> "X", "U.S." -> "X.X.", "1996-08-22" -> "d-d-d". */
export function wordShape(w: string): string {
  let out = '';
  let last = -1;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    let k: number;
    if (c >= 65 && c <= 90)
      k = 88; // X
    else if (c >= 97 && c <= 122)
      k = 120; // x
    else if (c >= 48 && c <= 57)
      k = 100; // d
    else if (c > 127) {
      const ch = w[i]!;
      k = ch !== ch.toLowerCase() ? 88 : ch !== ch.toUpperCase() ? 120 : c;
    } else k = c;
    if (k !== last) out += String.fromCharCode(k);
    last = k;
  }
  return out.length > 8 ? out.slice(0, 8) : out;
}

/** 0 lower/other, 1 Capitalised, 2 ALL CAPS, 3 mixed (McDonald, iPhone), 4 has digit. */
export function capClass(w: string): number {
  let up = 0;
  let low = 0;
  let dig = 0;
  for (let i = 0; i < w.length; i++) {
    const c = w[i]!;
    if (c >= '0' && c <= '9') dig++;
    else if (c !== c.toLowerCase()) up++;
    else if (c !== c.toUpperCase()) low++;
  }
  if (dig) return 4;
  if (up === 0) return 0;
  if (low === 0) return 2;
  const first = w[0]!;
  if (up === 1 && first !== first.toLowerCase()) return 1;
  return 3;
}
