import iconv from 'iconv-lite';
import chardet from 'chardet';

// Bytes to text, the way a careful feed reader does it: a byte-order mark wins, then a UTF-16/32
// pattern, then the HTTP charset, then the XML declaration, then UTF-8, falling back to
// windows-1252 when the bytes are not valid UTF-8 (real servers lie about charsets often).
//
// One exception to "HTTP first" (RFC 7303): a header saying a single-byte Latin charset
// (ISO-8859-1, windows-1252, US-ASCII: a web server's default, the most common misconfiguration)
// loses to a body whose XML declaration says UTF-8 and whose bytes are valid UTF-8. Browsers and
// feedparser follow the header and show mojibake (feedparser flags CharacterEncodingOverride);
// Miniflux keeps a document that is valid UTF-8 as UTF-8 whatever label it carries. Multi-byte
// sequences that all decode are very unlikely in real Latin-1 text, so we do as Miniflux does, in
// this one case, and say so in `note`.

export interface DecodedFeed {
  text: string;
  /** The charset used, lower-case (e.g. 'utf-8', 'windows-1251', 'koi8-r'). */
  encoding: string;
  /** Where the charset came from. */
  encodingSource: 'bom' | 'sniffed' | 'http' | 'xml' | 'default' | 'fallback';
  /** Set when the declared charset was overridden (shown on the feed's status). */
  note?: string;
}

/** Labels a web server sends by default, which a body declaring UTF-8 overrides. */
const LATIN_DEFAULTS = new Set(['iso-8859-1', 'latin1', 'windows-1252', 'us-ascii', 'iso-8859-15']);

const BOMS: Array<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

/** "<?x" in UTF-16/32 without a BOM. */
const PATTERNS: Array<[number[], string]> = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

const startsWith = (bytes: Buffer, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Maps charset labels to names iconv-lite knows; null when it does not know the label. */
export function normalizeCharset(label: string | undefined | null): string | null {
  if (!label) return null;
  const name = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (!name) return null;
  const alias: Record<string, string> = {
    utf8: 'utf-8',
    'x-sjis': 'shift_jis',
    'iso-8859-8-i': 'iso-8859-8',
    'x-euc-jp': 'euc-jp',
    'us-ascii': 'us-ascii',
    ascii: 'us-ascii',
  };
  const mapped = alias[name] ?? name;
  return iconv.encodingExists(mapped) ? mapped : null;
}

export function charsetFromContentType(contentType: string | undefined): string | null {
  const m = /charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType ?? '');
  return m ? normalizeCharset(m[2]) : null;
}

export function charsetFromXmlDecl(head: string): string | null {
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return m ? normalizeCharset(m[1]) : null;
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const C1 = /[\u0080-\u009f]/g;

/**
 * C1 control characters in feed text are windows-1252 bytes mislabelled as ISO-8859-1 or
 * UTF-8-encoded from them ("don\u0092t"): read them as windows-1252, as browsers do.
 */
export function demoronize(text: string): string {
  if (!/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(C1, (c) => {
    const mapped = iconv.decode(Buffer.from([c.charCodeAt(0)]), 'windows-1252');
    return mapped === '\ufffd' ? c : mapped;
  });
}

function decodeWith(bytes: Buffer, charset: string): string {
  // us-ascii in practice means "whatever the server had": decode as windows-1252 to keep bytes.
  const name = charset === 'us-ascii' ? 'windows-1252' : charset;
  return demoronize(iconv.decode(bytes, name, { stripBOM: true }));
}

export function decodeFeed(bytes: Buffer, contentType?: string): DecodedFeed {
  for (const [sig, charset] of BOMS)
    if (startsWith(bytes, sig))
      return {
        text: decodeWith(bytes.subarray(sig.length), charset),
        encoding: charset,
        encodingSource: 'bom',
      };
  for (const [sig, charset] of PATTERNS)
    if (startsWith(bytes, sig))
      return { text: decodeWith(bytes, charset), encoding: charset, encodingSource: 'sniffed' };
  const http = charsetFromContentType(contentType);
  const head = bytes.subarray(0, 1024).toString('latin1');
  const xml = charsetFromXmlDecl(head);
  // A declared UTF-16 in an 8-bit stream is a lie: the bytes are ASCII-compatible.
  const declared = [http, xml].find(
    (c) => c !== null && !c.startsWith('utf-16') && !c.startsWith('utf-32'),
  );
  if (declared) {
    if (declared === 'utf-8' && !isValidUtf8(bytes))
      return {
        text: decodeWith(bytes, 'windows-1252'),
        encoding: 'windows-1252',
        encodingSource: 'fallback',
        note: `declared utf-8 (${declared === http ? 'HTTP header' : 'XML declaration'}) but the bytes are not valid UTF-8: the whole feed was read as windows-1252`,
      };
    if (declared === http && LATIN_DEFAULTS.has(declared) && xml === 'utf-8' && isValidUtf8(bytes))
      return {
        text: demoronize(bytes.toString('utf8')),
        encoding: 'utf-8',
        encodingSource: 'xml',
        note: `the HTTP header says ${declared}, the body declares utf-8 and is valid UTF-8: read as utf-8`,
      };
    return {
      text: decodeWith(bytes, declared),
      encoding: declared,
      encodingSource: declared === http ? 'http' : 'xml',
    };
  }
  if (isValidUtf8(bytes))
    return {
      text: demoronize(bytes.toString('utf8')),
      encoding: 'utf-8',
      encodingSource: 'default',
    };
  const guessed = guessCharset(bytes);
  return { text: decodeWith(bytes, guessed), encoding: guessed, encodingSource: 'fallback' };
}

/**
 * Undeclared and not UTF-8: ask a statistical detector (chardet). Latin-1 guesses become
 * windows-1252 (its superset, what servers mean in practice), as does a guess too weak to trust.
 */
export function guessCharset(bytes: Buffer): string {
  const best = chardet.analyse(bytes.subarray(0, 64 * 1024))[0];
  const name = best && best.confidence >= 10 ? normalizeCharset(best.name) : null;
  if (!name || name === 'iso-8859-1' || name.startsWith('utf-')) return 'windows-1252';
  return name;
}
