/** FNV-1a style 32-bit string hashing, seeded by a template id, without building strings. */
export function hashStr(seed: number, s: string): number {
  let h = (0x811c9dc5 ^ Math.imul(seed + 1, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines a running hash with a string (for conjunction features). */
export function hashMore(h: number, s: string): number {
  h = Math.imul(h ^ 0x7c, 0x01000193);
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Combines a running hash with a small integer. */
export function hashInt(h: number, n: number): number {
  h = Math.imul(h ^ (n + 0x3b), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}
