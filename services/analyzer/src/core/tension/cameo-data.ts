import { z } from 'zod';
import { prepareSentence } from './analyze-sentence.ts';
import { hash32 } from './feature-hash.ts';
import type { CompiledLexicon } from './vocab.ts';
import type { Example } from './classifier.ts';

// Reads conflict-cameo JSONL rows ({id, text, label 0-4}) into classifier examples.

const CameoRow = z.object({
  id: z.string(),
  text: z.string(),
  label: z.number().int().min(0).max(4),
});
export type CameoRow = z.infer<typeof CameoRow>;

export function parseCameoRows(jsonl: string): CameoRow[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => CameoRow.parse(JSON.parse(l)));
}

export function loadCameoExamples(
  jsonl: string,
  lexicon: CompiledLexicon,
): Array<{ row: CameoRow; example: Example }> {
  return parseCameoRows(jsonl).map((row) => ({
    row,
    example: { feats: prepareSentence(row.text, 0, lexicon), label: row.label },
  }));
}

/** Share (percent) of the CAMEO dev rows kept untouched: never trained on, never tuned on. */
export const UNTOUCHED_PERCENT = 30;

/**
 * Whether a row belongs to the untouched part: a hash of its id, so the split is fixed, needs no
 * stored list, and a row keeps its side whatever else the file holds.
 */
export function isUntouched(row: { id: string }): boolean {
  return isUntouchedKey(`cameo-untouched:${row.id}`);
}

/** The same split for rows without an id (AG News: keyed by `agnews-untouched:title\ndescription`). */
export function isUntouchedKey(key: string): boolean {
  return hash32(key) % 100 < UNTOUCHED_PERCENT;
}
