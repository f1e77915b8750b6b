// The story index's records as the cleaner sees them (its signature, a story's sources, the
// answer), and the one-line codec of a source kept in Redis: no Redis import, so a pure core may
// use them. The key layout and the script are story-index.ts.

/** What the cleaner's signature gives the index: computed by the caller, kept as is. */
export interface StorySignature {
  /** One byte per MinHash value (the low 8 bits), MINHASHES of them. */
  mins: Uint8Array;
  /** Distinct shingles of the text (for containment). */
  size: number;
  /** 40-bit LSH band keys (band index mixed in), non-negative integers < 2^40. */
  bands: number[];
}

export interface StorySource {
  feedId: string;
  itemId: string;
  domain?: string | undefined;
  url?: string | undefined;
}

export interface StoryAssignment {
  storyId: string;
  firstInStory: boolean;
  sources: StorySource[];
}

const SEP = '\x1f';

/** One source as a line: the four fields split by \x1f, or JSON when a field holds \n or \x1f. */
export function encodeSource(s: StorySource): string {
  const domain = s.domain === undefined ? '' : s.url && hostOf(s.url) === s.domain ? '=' : s.domain;
  const fields = [s.itemId, s.feedId, s.url ?? '', domain];
  // JSON for what the short form cannot say back exactly.
  if (
    fields.some((f) => f.includes('\n') || f.includes(SEP)) ||
    s.itemId.startsWith('{') ||
    s.domain === '=' ||
    s.domain === '' ||
    s.url === ''
  )
    return JSON.stringify(s);
  return fields.join(SEP);
}

export function decodeSource(line: string): StorySource {
  if (line.startsWith('{')) return JSON.parse(line) as StorySource;
  const [itemId = '', feedId = '', url = '', stored = ''] = line.split(SEP);
  const domain = stored === '=' ? (hostOf(url) ?? '') : stored;
  return { feedId, itemId, ...(domain ? { domain } : {}), ...(url ? { url } : {}) };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}
