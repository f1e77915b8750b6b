import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  RawItemMessage,
  RawItemV1,
  CleanItemMessage,
  AnalyzedItemMessage,
  AlertMessage,
  parseMessage,
  type RawItem,
} from '@faultline/shared/schemas';
import { cleanItem } from '../../services/cleaner/src/core/clean-item.ts';

// Property-based tests (fast-check) on the cleaner's pure core and on the wire schemas: for any
// input, cleaning returns a result (never throws), is deterministic, produces text without
// markup or control characters, and the schemas parse-or-explain any bytes without throwing.

const NOW = '2026-01-01T00:00:00.000Z';

const htmlish = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '<p>',
          '</p>',
          '<div>',
          '</div>',
          '<br>',
          '<script>x()</script>',
          '<b>',
          '&amp;',
          '&#x202e;',
          '<!--',
          '-->',
          '<![CDATA[',
          ']]>',
          '\u0000',
          '\n',
        ),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.lorem({ maxCount: 12, mode: 'sentences' }),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

const rawItem = fc
  .record({ title: htmlish, content: htmlish, html: fc.boolean() })
  .map(({ title, content, html }): RawItem =>
    RawItemV1.parse({
      itemId: 'i_prop',
      feedId: 'f_prop',
      feedUrl: 'https://example.com/feed',
      revision: 0,
      title,
      content,
      contentType: html ? 'html' : 'text',
      publishedAt: NOW,
      fetchedAt: NOW,
    }),
  );

describe('properties: the cleaner core', () => {
  it('never throws, and says why when it refuses', () => {
    fc.assert(
      fc.property(rawItem, (raw) => {
        const result = cleanItem(raw);
        if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic (same input, same output, same content hash)', () => {
    fc.assert(
      fc.property(rawItem, (raw) => {
        expect(cleanItem(raw)).toEqual(cleanItem(structuredClone(raw)));
      }),
      { numRuns: 150 },
    );
  });

  it('cleaned text of HTML content carries no tags, scripts or NUL characters', () => {
    fc.assert(
      fc.property(rawItem, (raw) => {
        // Text content is literal text: "<b>" in a plain-text body is kept as written.
        if (raw.contentType !== 'html') return;
        const result = cleanItem(raw);
        if (!result.ok) return;
        // The title is kept as the feed wrote it (RSS titles are text); the body is checked.
        const { text, paragraphs } = result.value;
        for (const s of [text, ...paragraphs]) {
          expect(s).not.toMatch(/<\/?(script|div|p|b)\b[^>]*>/i);
          expect(s).not.toContain('\u0000');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('properties: the wire schemas', () => {
  const schemas = { RawItemMessage, CleanItemMessage, AnalyzedItemMessage, AlertMessage };

  it('parseMessage never throws on arbitrary bytes and explains every refusal', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
          fc.json().map((j) => Buffer.from(j)),
        ),
        (bytes) => {
          for (const schema of Object.values(schemas)) {
            const r = parseMessage(schema, bytes);
            if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses envelopes with arbitrary junk data, and round-trips valid RawItems', () => {
    fc.assert(
      fc.property(fc.anything(), rawItem, (junk, raw) => {
        const bad = parseMessage(
          RawItemMessage,
          JSON.stringify({ v: 1, id: 'x', producedAt: NOW, data: junk }),
        );
        if (bad.ok) expect(RawItemV1.safeParse(junk).success).toBe(true);
        const good = parseMessage(
          RawItemMessage,
          JSON.stringify({ v: 1, id: 'x', producedAt: NOW, data: raw }),
        );
        expect(good.ok).toBe(true);
        if (good.ok) expect(good.value.data).toEqual(raw);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses unknown envelope versions', () => {
    fc.assert(
      fc.property(
        fc.integer().filter((v) => v !== 1),
        rawItem,
        (v, raw) => {
          expect(
            parseMessage(RawItemMessage, JSON.stringify({ v, id: 'x', producedAt: NOW, data: raw }))
              .ok,
          ).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});
