// Checks the hand-written multilingual dev/test set in services/analyzer/test-data/multilingual
// (format and label guide in its README.md): every file parses, ids are unique, labels are
// well formed and use actor ids the knowledge base knows, every item names its source page,
// and each language has enough items with a tension/non-tension mix and a held-out test part.
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readKbFile } from './entities/kb-file.ts';
import { CURATED_PEOPLE } from './entities/curated/leaders.ts';
import { CURATED_ORGS, CURATED_REGIONS } from './entities/curated/orgs.ts';
import { slugify } from './entities/normalize.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../test-data/multilingual');
const LANGS = ['ru', 'uk', 'de', 'fr', 'es', 'ar', 'zh'] as const;
/** A letter of the language's own script that every item's text must contain. */
const SCRIPT: Record<(typeof LANGS)[number], RegExp> = {
  ru: /\p{Script=Cyrillic}/u,
  uk: /[іїєґІЇЄҐ]/u,
  de: /\p{Script=Latin}/u,
  fr: /\p{Script=Latin}/u,
  es: /\p{Script=Latin}/u,
  ar: /\p{Script=Arabic}/u,
  zh: /\p{Script=Han}/u,
};

const ACTOR_ID = /^([A-Z]{3}|GOV:[A-Z]{3}|ORG:[A-Za-z0-9-]+|PER:[a-z0-9-]+|LOC:[a-z0-9-]+)$/;
const DYAD_ID = /^([A-Z]{3}|ORG:[A-Za-z0-9-]+)$/;

const Row = z
  .object({
    id: z.string().regex(/^[a-z]{2}-\d{3}$/),
    lang: z.enum(LANGS),
    script: z.enum(['Hans', 'Hant']).optional(),
    split: z.enum(['dev', 'test']),
    title: z.string().min(5),
    text: z.string().min(20),
    tension: z.boolean(),
    cameo: z
      .string()
      .regex(/^(0[1-9]|1\d|20)$/)
      .nullable(),
    actors: z.array(z.string().regex(ACTOR_ID)),
    dyad: z.tuple([z.string().regex(DYAD_ID), z.string().regex(DYAD_ID)]).nullable(),
    source_url: z.string().regex(/^https?:\/\/\S+$/),
    note: z.string().min(10),
    event: z.string().regex(/^[a-z0-9-]+$/),
  })
  .strict();
type Row = z.infer<typeof Row>;

function knownIds(): Set<string> {
  return new Set<string>([
    ...readKbFile().entities.map((e) => e.id),
    ...CURATED_PEOPLE.map((p) => `PER:${slugify(p.name)}`),
    ...CURATED_ORGS.map((o) => o.id),
    ...CURATED_REGIONS.map((r) => r.id),
  ]);
}

function readRows(lang: string): Row[] {
  const lines = readFileSync(join(DIR, `${lang}.jsonl`), 'utf8').split('\n');
  return lines
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = Row.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${lang}.jsonl line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

describe('multilingual labelled set', () => {
  const ids = knownIds();
  const seenIds = new Set<string>();
  const eventSplit = new Map<string, string>();

  for (const lang of LANGS) {
    const file = join(DIR, `${lang}.jsonl`);
    it(`${lang}.jsonl is well formed`, () => {
      expect(existsSync(file), `${file} is missing`).toBe(true);
      const rows = readRows(lang);
      expect(rows.length).toBeGreaterThanOrEqual(40);
      const texts = new Set<string>();
      const events = new Set<string>();
      rows.forEach((r, i) => {
        const where = `${r.id}`;
        expect(r.lang, where).toBe(lang);
        expect(r.id, where).toBe(`${lang}-${String(i + 1).padStart(3, '0')}`);
        expect(seenIds.has(r.id), `duplicate id ${r.id}`).toBe(false);
        seenIds.add(r.id);
        expect(texts.has(r.text), `duplicate text ${where}`).toBe(false);
        texts.add(r.text);
        expect(SCRIPT[lang].test(r.title + r.text), `${where} is not in ${lang} script`).toBe(true);
        if (lang === 'zh') expect(r.script, where).toBeDefined();
        else expect(r.script, where).toBeUndefined();
        // Tension items carry a conflictual CAMEO root (13-20); the others a cooperative or
        // verbal one (01-12) or none.
        if (r.tension) expect(Number(r.cameo), where).toBeGreaterThanOrEqual(13);
        else if (r.cameo !== null) expect(Number(r.cameo), where).toBeLessThanOrEqual(12);
        if (!r.tension) expect(r.dyad, where).toBeNull();
        expect(new Set(r.actors).size, `${where} repeats an actor`).toBe(r.actors.length);
        for (const a of r.actors) expect(ids.has(a), `${where}: unknown actor id ${a}`).toBe(true);
        if (r.dyad) {
          expect(r.dyad[0], where).not.toBe(r.dyad[1]);
          for (const a of r.dyad)
            expect(r.actors, `${where}: dyad ${a} not in actors`).toContain(a);
        }
        expect(events.has(r.event), `${where}: event ${r.event} twice in ${lang}`).toBe(false);
        events.add(r.event);
        // An event is in the same split in every language, so test events are never tuned on.
        const prior = eventSplit.get(r.event);
        if (prior) expect(r.split, `${where}: event ${r.event} split`).toBe(prior);
        else eventSplit.set(r.event, r.split);
      });
      const tension = rows.filter((r) => r.tension).length / rows.length;
      expect(tension).toBeGreaterThanOrEqual(0.5);
      expect(tension).toBeLessThanOrEqual(0.7);
      const test = rows.filter((r) => r.split === 'test');
      expect(test.length / rows.length).toBeGreaterThanOrEqual(0.25);
      expect(test.length / rows.length).toBeLessThanOrEqual(0.45);
      expect(test.some((r) => r.tension)).toBe(true);
      expect(test.some((r) => !r.tension)).toBe(true);
      if (lang === 'zh') {
        expect(rows.some((r) => r.script === 'Hans')).toBe(true);
        expect(rows.some((r) => r.script === 'Hant')).toBe(true);
      }
    });
  }
});
