import { createHash } from 'node:crypto';

// Stable identity for feed items: the GUID when the feed gives one, else the canonical link
// (tracking parameters and fragment removed), else a hash of the content. The content hash also
// detects edits: same identity, different hash -> a new revision.

const TRACKING =
  /^(utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_hsenc|_hsmi|mkt_tok|ocid|cmpid|ncid|sr_share|smid|ito|at_medium|at_campaign|at_custom\d*|rss|ref_src|__twitter_impression)$/i;

/** Resolves a possibly relative link against a base; null for non-http(s) or invalid links. */
export function resolveLink(link: string | undefined | null, base: string): string | undefined {
  const trimmed = link?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** The link with tracking parameters, the fragment and default ports removed, host lower-cased. */
export function canonicalLink(link: string): string {
  try {
    const url = new URL(link);
    url.hash = '';
    for (const key of [...url.searchParams.keys()])
      if (TRACKING.test(key)) url.searchParams.delete(key);
    url.searchParams.sort();
    return url.toString();
  } catch {
    return link.trim();
  }
}

export interface IdentityInput {
  guid?: string;
  link?: string;
  title: string;
  content: string;
}

/** 'guid:...', 'link:...' or 'hash:...': what the item id is derived from. */
export function identityOf(entry: IdentityInput): string {
  const guid = entry.guid?.trim();
  if (guid) return `guid:${guid}`;
  if (entry.link) return `link:${canonicalLink(entry.link)}`;
  return `hash:${sha(`${entry.title}\u0000${entry.content}`)}`;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** Hash of what a reader sees: a changed title, body or link makes a new revision. */
export function contentHashOf(entry: IdentityInput & { summary?: string }): string {
  const norm = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  return sha(
    [norm(entry.title), norm(entry.content), norm(entry.summary), entry.link ?? ''].join('\u0001'),
  );
}
