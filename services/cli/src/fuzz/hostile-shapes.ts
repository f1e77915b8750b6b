// Hostile input shapes, each built at a target size (bytes, roughly) in the dialect an entry
// point reads: feed XML, JSON, HTML, plain text, YAML, or an HTTP header value. Deterministic,
// so a size curve measures the same shape at every size; fast-check adds random noise on top.

export type Dialect = 'xml' | 'json' | 'html' | 'text' | 'yaml' | 'header';

export const SHAPES = [
  'deep-nesting',
  'huge-attribute',
  'long-line',
  'billion-laughs',
  'external-entity',
  'nul-bytes',
  'lone-surrogates',
  'invalid-encoding',
  'misplaced-bom',
  'bidi-zero-width',
  'unclosed-markup',
  'unclosed-tags',
  'parser-keys',
] as const;
export type Shape = (typeof SHAPES)[number];

/** A shape's body: text, or bytes when the shape is about encodings. */
export type Payload = string | Buffer;

const rep = (unit: string, size: number) => unit.repeat(Math.max(1, Math.ceil(size / unit.length)));
const NAMES = [
  'Pu\u200dtin',
  '\u0420utin',
  '\u039d\u0391\u03a4\u039f',
  'Kr\u202eemlin',
  'Z\u2066elensky\u2069',
];

function text(shape: Shape, size: number): Payload {
  switch (shape) {
    case 'deep-nesting':
      return rep('((([[[{{{', size);
    case 'huge-attribute':
      return `name="${rep('a', size)}"`;
    case 'long-line':
      return rep('Troops massed near the border as talks stalled ', size);
    case 'billion-laughs':
      return rep('&lol9;&lol8;', size);
    case 'external-entity':
      return rep('&xxe; ', size);
    case 'nul-bytes':
      return rep('NATO\u0000 warns\u0000\u0000 Russia ', size);
    case 'lone-surrogates':
      return rep('Kyiv \ud800 shelling \udfff de\ud83d ', size);
    case 'invalid-encoding':
      return Buffer.concat([
        Buffer.from('Minister said '),
        Buffer.from(rep('\u00e9t\u00e9 ', size / 2), 'latin1'),
        Buffer.from(rep('\u043c\u0438\u0440 ', size / 4), 'utf8'),
        Buffer.from([0xed, 0xa0, 0x80, 0xc3, 0x28, 0xff, 0xfe]),
      ]);
    case 'misplaced-bom':
      return rep('\ufeffSanctions \ufeffon \ufeff', size);
    case 'bidi-zero-width':
      return rep(`${NAMES.join(' met ')} said. `, size);
    case 'unclosed-markup':
      return rep('<!--<?x<![CDATA[<a ', size);
    case 'unclosed-tags':
      // Tags that never reach their '>': a scanner that retries at every '<' goes quadratic.
      return rep('<script <nav <a href="x <p ', size);
    case 'parser-keys':
      // Names a parser uses for itself: xml2js's text and attribute keys, object internals.
      return rep('<_>x</_><__proto__>p</__proto__><constructor>c</constructor> ', size);
  }
}

const asText = (p: Payload) => (typeof p === 'string' ? p : p.toString('latin1'));

function feedXml(shape: Shape, size: number): Payload {
  const head = '<?xml version="1.0" encoding="utf-8"?>';
  const item = (title: string, body: string) =>
    `<item><title>${title}</title><guid>g</guid><description>${body}</description></item>`;
  const wrap = (body: string, doctype = '') =>
    `${head}${doctype}<rss version="2.0"><channel><title>T</title>${body}</channel></rss>`;
  switch (shape) {
    case 'deep-nesting':
      return wrap(item('x', rep('<a>', size)));
    case 'huge-attribute':
      return wrap(`<item title="${rep('a', size)}"><title>t</title></item>`);
    case 'billion-laughs': {
      let dtd = '<!ENTITY lol0 "lol">';
      for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
      return wrap(item('&lol9;', asText(text(shape, size))), `<!DOCTYPE rss [${dtd}]>`);
    }
    case 'external-entity':
      return wrap(
        item('&xxe;', asText(text(shape, size))),
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/never-fetched">]>',
      );
    case 'misplaced-bom':
      return `\ufeff${head}\ufeff${wrap(item('\ufeffx', asText(text(shape, size)))).slice(head.length)}`;
    case 'invalid-encoding': {
      const bytes = text(shape, size) as Buffer;
      return Buffer.concat([
        Buffer.from(`${head}<rss version="2.0"><channel><title>`),
        bytes,
        Buffer.from('</title></channel></rss>'),
      ]);
    }
    case 'unclosed-markup':
      return wrap(item('x', asText(text(shape, size))));
    case 'parser-keys':
      return wrap(item('<_>t</_>', asText(text(shape, size))));
    default:
      return wrap(item(NAMES[1]!, asText(text(shape, size)).replace(/[<&]/g, ' ')));
  }
}

function json(shape: Shape, size: number): Payload {
  if (shape === 'deep-nesting')
    return `{"version":"https://jsonfeed.org/version/1.1","items":${rep('[', size)}`;
  if (shape === 'invalid-encoding') return text(shape, size);
  if (shape === 'parser-keys')
    return `{"__proto__":{"polluted":1},"version":"https://jsonfeed.org/version/1.1","items":[${rep('{"id":"1","_":"x","constructor":{"prototype":1},"__proto__":{"title":"p"}},', size)}{"id":"2"}]}`;
  const body = asText(text(shape, size));
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: NAMES[0],
    items: [{ id: '1', title: body.slice(0, 1000), content_html: body }],
  });
}

function html(shape: Shape, size: number): Payload {
  switch (shape) {
    case 'deep-nesting':
      return `<html><body>${rep('<div><span>', size)}</body></html>`;
    case 'huge-attribute':
      return `<html><body><p class="${rep('a', size)}">x</p></body></html>`;
    case 'unclosed-markup':
      return `<html><body>${rep('<!--<script<style<p ', size)}`;
    case 'unclosed-tags':
      return `<html><body><p>Text</p>${asText(text(shape, size))}`;
    case 'invalid-encoding':
      return text(shape, size);
    default:
      return `<html><head><title>${NAMES[2]}</title></head><body><article><p>${asText(text(shape, size))}</p></article></body></html>`;
  }
}

function yaml(shape: Shape, size: number): Payload {
  switch (shape) {
    case 'deep-nesting':
      return `rules: ${rep('[', size)}`;
    case 'billion-laughs': {
      let doc = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
      for (let i = 1; i <= 9; i++)
        doc += `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]\n`;
      return doc + rep('x: *a9\n', size);
    }
    case 'huge-attribute':
      return `rules:\n  - id: r\n    channels: [c]\n    match: { keywords: { any: ["${rep('a', size)}"] } }\n`;
    case 'invalid-encoding':
      return text(shape, size);
    default: {
      const words = asText(text(shape, size)).replace(/["\\]/g, ' ');
      return `rules:\n  - id: r\n    channels: [c]\n    match: { keywords: { any: ["(a+)+$", "${words}"] }, entities: { any: ["${NAMES[1]}"] } }\n`;
    }
  }
}

/** The shape in the dialect an entry point reads. */
export function buildInput(shape: Shape, dialect: Dialect, size: number): Payload {
  switch (dialect) {
    case 'xml':
      return feedXml(shape, size);
    case 'json':
      return json(shape, size);
    case 'html':
      return html(shape, size);
    case 'yaml':
      return yaml(shape, size);
    case 'header':
    case 'text':
      return text(shape, size);
  }
}

export const byteLength = (p: Payload) => (typeof p === 'string' ? Buffer.byteLength(p) : p.length);
export const toText = (p: Payload) => (typeof p === 'string' ? p : p.toString('utf8'));
export const toBytes = (p: Payload) => (typeof p === 'string' ? Buffer.from(p) : p);
