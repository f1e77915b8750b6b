import { decodeHTML } from 'entities';

// A minimal HTML scanner for text extraction: finds tags with indexOf and sticky regexes instead of
// a character-by-character state machine, and applies htmlparser2's implied-close rules (a new
// block closes an open <p>, <li> closes <li>, cells close cells ...) so callers see the same
// open/close sequence htmlparser2 would report. Scripts, styles and comments are expected to be
// cut out beforehand; <title> and <textarea> content is read raw.

export interface ScanHandlers {
  onopentag(name: string, attribs: Record<string, string>): void;
  ontext(text: string): void;
  onclosetag(name: string): void;
}

const P = new Set(['p']);
const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const HEADINGS = 'h1 h2 h3 h4 h5 h6'.split(' ');
const P_CLOSERS =
  'address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul'.split(
    ' ',
  );
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['p', P],
  ...HEADINGS.map((h): [string, Set<string>] => [h, P]),
  ...P_CLOSERS.map((t): [string, Set<string>] => [t, P]),
  ['select', FORM],
  ['input', FORM],
  ['output', FORM],
  ['button', FORM],
  ['datalist', FORM],
  ['textarea', FORM],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', new Set(['dt', 'dd'])],
  ['dt', new Set(['dt', 'dd'])],
  ['rt', new Set(['rt', 'rp'])],
  ['rp', new Set(['rt', 'rp'])],
  ['tbody', new Set(['thead', 'tbody'])],
  ['tfoot', new Set(['thead', 'tbody'])],
]);
const VOID = new Set(
  'area base basefont br col command embed frame hr image img input keygen link meta param source track wbr'.split(
    ' ',
  ),
);
const OPEN_TAG = /<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
/** After a tag that never closes (an unmatched quote up to the end), tags end at the next '>'. */
const LOOSE_OPEN_TAG = /<([a-zA-Z][^\s/>]*)([^>]*)>/y;
const RAW_TEXT = new Set(['title', 'textarea']);
const RAW_END: Record<string, RegExp> = {};

export interface HtmlScanner {
  write(chunk: string): void;
  end(): void;
}

/**
 * `attributes`, when given, names the only attributes the caller reads: others are not copied
 * (a news page carries thousands of href, src and data-* values nobody needs).
 */
export function createScanner(handlers: ScanHandlers, attributes?: Set<string>): HtmlScanner {
  const stack: string[] = [];
  const open = (name: string, attribs: Record<string, string>) => {
    const closes = IMPLIES_CLOSE.get(name);
    if (closes)
      while (stack.length > 0 && closes.has(stack[stack.length - 1]!))
        handlers.onclosetag(stack.pop()!);
    handlers.onopentag(name, attribs);
    if (VOID.has(name)) handlers.onclosetag(name);
    else stack.push(name);
  };
  const close = (name: string) => {
    if (VOID.has(name)) {
      if (name === 'br') open('br', {});
      return;
    }
    const pos = stack.lastIndexOf(name);
    if (pos < 0) {
      if (name === 'p') {
        open('p', {});
        close('p');
      }
      return;
    }
    while (stack.length > pos) handlers.onclosetag(stack.pop()!);
  };
  const text = (s: string) => {
    if (s.length > 0) handlers.ontext(s.includes('&') ? decodeHTML(s) : s);
  };

  const write = (html: string) => {
    const n = html.length;
    let i = 0;
    // A failed OPEN_TAG scanned to the end of the input (an unmatched quote): trying it again at
    // every later '<' would be quadratic, so the rest of this input is read loosely.
    let openTag = OPEN_TAG;
    while (i < n) {
      const lt = html.indexOf('<', i);
      if (lt < 0) {
        text(html.slice(i));
        return;
      }
      if (lt > i) text(html.slice(i, lt));
      const c = html.charCodeAt(lt + 1);
      if (c === 47 /* / */) {
        const gt = html.indexOf('>', lt + 2);
        if (gt < 0) return;
        const raw = html.slice(lt + 2, gt);
        const end = raw.search(/[\s/]/);
        const name = (end < 0 ? raw : raw.slice(0, end)).toLowerCase();
        if (name) close(name);
        i = gt + 1;
      } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        openTag.lastIndex = lt;
        const m = openTag.exec(html);
        if (!m) {
          if (openTag === LOOSE_OPEN_TAG || html.indexOf('>', lt) < 0) {
            text(html.slice(lt)); // no tag can close after this point
            return;
          }
          openTag = LOOSE_OPEN_TAG;
          text('<');
          i = lt + 1;
          continue;
        }
        const name = m[1]!.toLowerCase();
        open(name, readAttributes(m[2]!, attributes));
        i = openTag.lastIndex;
        if (RAW_TEXT.has(name)) {
          const endTag = (RAW_END[name] ??= new RegExp(`</${name}`, 'gi'));
          endTag.lastIndex = i;
          const stop = endTag.exec(html)?.index ?? n;
          text(html.slice(i, stop));
          i = stop;
        }
      } else if (c === 33 /* ! */ || c === 63 /* ? */) {
        const isComment = html.startsWith('<!--', lt);
        const gt = isComment ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt + 2);
        i = gt < 0 ? n : gt + (isComment ? 3 : 1);
      } else {
        text('<');
        i = lt + 1;
      }
    }
  };
  return {
    write,
    end() {
      while (stack.length > 0) handlers.onclosetag(stack.pop()!);
    },
  };
}

function readAttributes(source: string, wanted?: Set<string>): Record<string, string> {
  const attribs: Record<string, string> = {};
  const n = source.length;
  let i = 0;
  while (i < n) {
    // Name: up to whitespace, '=', '/', '>' or a quote.
    while (i < n && isNameStop(source.charCodeAt(i))) i++;
    const start = i;
    while (i < n && !isNameStop(source.charCodeAt(i))) i++;
    if (i === start) break;
    const name = source.slice(start, i).toLowerCase();
    while (i < n && source.charCodeAt(i) <= 32) i++;
    // Values of attributes nobody reads are stepped over without being copied.
    const keep = attribs[name] === undefined && (!wanted || wanted.has(name));
    let value = '';
    if (source.charCodeAt(i) === 61 /* = */) {
      i++;
      while (i < n && source.charCodeAt(i) <= 32) i++;
      const q = source.charCodeAt(i);
      if (q === 34 || q === 39) {
        const close = source.indexOf(q === 34 ? '"' : "'", i + 1);
        const stop = close < 0 ? n : close;
        if (keep) value = source.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const from = i;
        while (i < n && source.charCodeAt(i) > 32) i++;
        if (keep) value = source.slice(from, i);
      }
    }
    if (keep) attribs[name] = value.includes('&') ? decodeHTML(value) : value;
  }
  return attribs;
}

/** Whitespace, '/', '=', quotes and '>' end an attribute name. */
function isNameStop(c: number): boolean {
  return c <= 32 || c === 47 || c === 61 || c === 34 || c === 39 || c === 62;
}
