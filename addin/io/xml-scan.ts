/**
 * A small streaming XML tokenizer (SAX-like) for the parts of an .xlsx: feed it text in
 * chunks, it calls back for start tags (name + raw attribute text), end tags and text.
 * It holds at most one unfinished token between chunks, so memory stays flat however
 * long the part is — except a single text node or tag, which is capped (`maxToken`).
 *
 * It refuses what an .xlsx never needs and an attacker likes: a DOCTYPE (entity
 * declarations, "billion laughs"), entity references other than the five predefined and
 * numeric ones, and nesting deeper than `maxDepth`.
 */

export class XmlLimit extends Error {
  constructor(
    readonly kind: 'doctype' | 'entity' | 'depth' | 'token' | 'syntax',
    message: string,
  ) {
    super(message);
  }
}

export interface XmlHandler {
  open?(name: string, attrs: string, selfClosing: boolean): void;
  close?(name: string): void;
  /** Text between tags, entities decoded. Only called when `wantText()` says so (or no wantText). */
  text?(s: string): void;
  wantText?(): boolean;
}

export interface XmlScanOptions {
  maxDepth: number;
  /** Longest tag or text node, in characters. */
  maxToken: number;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&\s]{1,10});/g, (m, body: string) => {
    const named = NAMED[body];
    if (named !== undefined) return named;
    if (body.charCodeAt(0) === 35 /* # */) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
    }
    throw new XmlLimit('entity', `an undeclared XML entity reference ${m}`);
  });
}

/** The value of one attribute in a start tag's raw attribute text (`r="A1" s="3"`), decoded; undefined if absent. */
export function attr(raw: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const i = raw.indexOf(name, from);
    if (i < 0) return undefined;
    from = i + name.length;
    const before = i === 0 ? 32 : raw.charCodeAt(i - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let j = i + name.length;
    while (raw.charCodeAt(j) === 32) j++;
    if (raw.charCodeAt(j) !== 61 /* = */) continue;
    j++;
    while (raw.charCodeAt(j) === 32) j++;
    const q = raw[j];
    if (q !== '"' && q !== "'") continue;
    const end = raw.indexOf(q, j + 1);
    if (end < 0) return undefined;
    return decodeEntities(raw.slice(j + 1, end));
  }
}

/** Strip a namespace prefix: "x:sheet" → "sheet". */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** True when every quoted attribute value in a tag body is closed (so its '>' ends the tag). */
function quotesBalanced(body: string): boolean {
  if (body.indexOf("'") < 0) {
    // The common case: only double quotes; balanced when there is an even number of them.
    let n = 0;
    for (let d = body.indexOf('"'); d >= 0; d = body.indexOf('"', d + 1)) n++;
    return (n & 1) === 0;
  }
  let i = 0;
  for (;;) {
    const d = body.indexOf('"', i);
    const q = body.indexOf("'", i);
    if (d < 0 && q < 0) return true;
    const at = d < 0 ? q : q < 0 ? d : Math.min(d, q);
    const close = body.indexOf(body[at]!, at + 1);
    if (close < 0) return false;
    i = close + 1;
  }
}

export class XmlScanner {
  private buf = '';
  private depth = 0;
  private started = false;
  /** The deepest nesting seen. */
  maxSeen = 0;

  constructor(
    private readonly h: XmlHandler,
    private readonly opts: XmlScanOptions,
  ) {}

  get currentDepth(): number {
    return this.depth;
  }

  write(chunk: string): void {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.pump(false);
  }

  end(): void {
    this.pump(true);
    if (this.buf.trim().length) throw new XmlLimit('syntax', 'the XML ends inside a tag');
  }

  private tooLong(what: string): never {
    throw new XmlLimit('token', `an XML ${what} longer than ${this.opts.maxToken} characters`);
  }

  private pump(final: boolean): void {
    const s = this.buf;
    const h = this.h;
    let pos = 0;
    const n = s.length;
    while (pos < n) {
      const lt = s.indexOf('<', pos);
      if (lt < 0) {
        // Text up to the end: keep it for the next chunk (an entity may be split).
        if (n - pos > this.opts.maxToken) this.tooLong('text');
        if (final) {
          this.emitText(s.slice(pos));
          pos = n;
        }
        break;
      }
      if (lt > pos) {
        if (lt - pos > this.opts.maxToken) this.tooLong('text');
        this.emitText(s.slice(pos, lt));
        pos = lt;
      }
      // s[pos] === '<'
      const c1 = s.charCodeAt(pos + 1);
      if (Number.isNaN(c1)) break;
      if (c1 === 33 /* ! */) {
        if (s.startsWith('<!--', pos)) {
          const e = s.indexOf('-->', pos + 4);
          if (e < 0) {
            if (n - pos > this.opts.maxToken) this.tooLong('comment');
            break;
          }
          pos = e + 3;
          continue;
        }
        if (s.startsWith('<![CDATA[', pos)) {
          const e = s.indexOf(']]>', pos + 9);
          if (e < 0) {
            if (n - pos > this.opts.maxToken) this.tooLong('CDATA section');
            break;
          }
          if (h.text && (!h.wantText || h.wantText())) h.text(s.slice(pos + 9, e));
          pos = e + 3;
          continue;
        }
        if (n - pos < 9) break;
        if (s.slice(pos, pos + 9).toUpperCase() === '<!DOCTYPE') throw new XmlLimit('doctype', 'a DOCTYPE declaration (entity declarations are refused)');
        // <!ENTITY, <!ELEMENT … outside a DOCTYPE are not XML either.
        throw new XmlLimit('syntax', `markup "${s.slice(pos, pos + 12)}" is not allowed`);
      }
      if (c1 === 63 /* ? */) {
        const e = s.indexOf('?>', pos + 2);
        if (e < 0) {
          if (n - pos > this.opts.maxToken) this.tooLong('processing instruction');
          break;
        }
        pos = e + 2;
        continue;
      }
      // A tag: find its '>' outside quoted attribute values.
      let gt = s.indexOf('>', pos + 1);
      if (gt < 0) {
        if (n - pos > this.opts.maxToken) this.tooLong('tag');
        break;
      }
      let body = s.slice(pos + 1, gt);
      if (!quotesBalanced(body)) {
        // Rare: '>' may sit inside a quoted value. Walk the quotes.
        let q = 0;
        let i = pos + 1;
        let found = -1;
        for (; i < n; i++) {
          const ch = s.charCodeAt(i);
          if (q) {
            if (ch === q) q = 0;
          } else if (ch === 34 || ch === 39) q = ch;
          else if (ch === 62) {
            found = i;
            break;
          }
        }
        if (found < 0) {
          if (n - pos > this.opts.maxToken) this.tooLong('tag');
          break;
        }
        gt = found;
        body = s.slice(pos + 1, gt);
      }
      if (body.length > this.opts.maxToken) this.tooLong('tag');
      pos = gt + 1;
      if (body.charCodeAt(0) === 47 /* / */) {
        this.depth--;
        if (this.depth < 0) throw new XmlLimit('syntax', 'an end tag without a start tag');
        if (h.close) h.close(body.slice(1).trim());
        continue;
      }
      const selfClosing = body.charCodeAt(body.length - 1) === 47;
      if (selfClosing) body = body.slice(0, -1);
      let sp = 0;
      while (sp < body.length) {
        const ch = body.charCodeAt(sp);
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) break;
        sp++;
      }
      const name = body.slice(0, sp);
      this.started = true;
      if (!selfClosing) {
        this.depth++;
        if (this.depth > this.maxSeen) {
          this.maxSeen = this.depth;
          if (this.depth > this.opts.maxDepth) throw new XmlLimit('depth', `XML nested deeper than ${this.opts.maxDepth} levels`);
        }
      }
      if (h.open) h.open(name, body.slice(sp), selfClosing);
      if (selfClosing && h.close) h.close(name);
    }
    this.buf = pos >= n ? '' : s.slice(pos);
  }

  private emitText(t: string): void {
    const h = this.h;
    if (!h.text) {
      // Still refuse undeclared entities (a DOCTYPE-less entity attack is not well-formed).
      if (t.indexOf('&') >= 0) decodeEntities(t);
      return;
    }
    if (h.wantText && !h.wantText()) {
      if (t.indexOf('&') >= 0) decodeEntities(t);
      return;
    }
    if (!this.started && t.trim() === '') return;
    h.text(decodeEntities(t));
  }
}
