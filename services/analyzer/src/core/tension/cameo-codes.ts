// CAMEO code arithmetic (a leaf: the lexicon compiler and the matchers both use it).

/** CAMEO root (first two digits) of a code, e.g. '1312' -> 13. */
export function rootOf(code: string): number {
  return code.length >= 2 ? Number(code.slice(0, 2)) : 0;
}

/** The PentaClass of a CAMEO root: 0 statement, 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict. */
export function pentaClassOf(root: number): number {
  if (root <= 2) return 0;
  if (root <= 5) return 1;
  if (root <= 8) return 2;
  if (root <= 13) return 3;
  return 4;
}
