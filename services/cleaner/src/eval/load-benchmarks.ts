import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { RawItem } from '@faultline/shared/schemas';

// Readers for the third-party evaluation sets under ../shared/data (read-only, never copied).

export interface AebPage {
  id: string;
  html: string;
  truth: string;
}

export function loadAeb(dir: string): AebPage[] {
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string }
  >;
  return Object.keys(truth)
    .sort()
    .map((id) => ({
      id,
      truth: truth[id]!.articleBody,
      html: decodeHtml(gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`)))),
    }));
}

/** Stored reference predictions: `reference-outputs/<tool>.json`. */
export function loadReferenceOutputs(dir: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const file of readdirSync(join(dir, 'reference-outputs')).filter((f) =>
    f.endsWith('.json'),
  )) {
    const data = JSON.parse(readFileSync(join(dir, 'reference-outputs', file), 'utf8')) as {
      output: Record<string, { articleBody?: string }>;
    };
    out[file.slice(0, -5)] = Object.fromEntries(
      Object.entries(data.output).map(([id, v]) => [id, v.articleBody ?? '']),
    );
  }
  return out;
}

export interface TrafilaturaDoc {
  file: string;
  html: string;
  with: string[];
  without: string[];
}

export function loadTrafilatura(dir: string): TrafilaturaDoc[] {
  const data = JSON.parse(readFileSync(join(dir, 'evaldata.json'), 'utf8')) as Record<
    string,
    { file: string; with?: string[]; without?: string[] }
  >;
  return Object.values(data)
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((r) => ({
      file: r.file,
      with: r.with ?? [],
      without: r.without ?? [],
      html: decodeHtml(gunzipSync(readFileSync(join(dir, 'html', r.file)))),
    }));
}

export interface TailItem {
  id: string;
  format: string;
  text: string;
  body: string;
  tail: string[];
}

export function loadTails(file: string): TailItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as TailItem);
}

/** Decodes page bytes with the charset the page declares (UTF-8 when it declares none). */
export function decodeHtml(bytes: Buffer): string {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const label = /<meta[^>]+charset=["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

/** A RawItem around a benchmark input, as the poller would have produced it. */
export function rawItemFor(
  id: string,
  content: string,
  contentType: 'html' | 'text',
  title = '',
): RawItem {
  const now = new Date(0).toISOString();
  return {
    itemId: id,
    feedId: 'eval',
    feedUrl: 'https://eval.invalid/feed',
    revision: 0,
    title,
    content,
    contentType,
    categories: [],
    publishedAt: now,
    dateMissing: false,
    fetchedAt: now,
    tags: [],
  };
}
