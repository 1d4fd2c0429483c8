// HTMLRewriter as workerd's (lol-html's) API: selectors, element/text/comment handlers
// (sync or async), document handlers, and the content operations. The document is read
// whole, tokenized in Go (tokenize), walked in order with every handler awaited, and
// written out; what no handler touches is copied byte for byte. Called with tokenize; its
// value is the HTMLRewriter class.
((tokenize) => {
  "use strict";
  const voidElements = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
  const escapeText = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const escapeAttr = (s) => String(s).replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  const content = (c, options) => (options && options.html ? String(c) : escapeText(c));

  // ---- selectors: the set lol-html supports --------------------------------------
  function parseSelector(text) {
    const fail = (why) => { throw new TypeError("Parser error: " + why); };
    let i = 0;
    const s = String(text);
    const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
    const ident = () => {
      const m = /^-?[_a-zA-Z\u00a0-\uffff][-_a-zA-Z0-9\u00a0-\uffff]*/.exec(s.slice(i));
      if (!m) fail(i >= s.length ? "Unexpected end of selector." : `Unexpected character "${s[i]}" in selector.`);
      i += m[0].length;
      return m[0];
    };
    const compound = () => {
      const parts = [];
      if (s[i] === "*") { i++; parts.push({ any: true }); }
      else if (/[-_a-zA-Z]/.test(s[i] || "")) parts.push({ tag: ident().toLowerCase() });
      for (;;) {
        const c = s[i];
        if (c === ".") { i++; parts.push({ cls: ident() }); }
        else if (c === "#") { i++; parts.push({ id: ident() }); }
        else if (c === "[") {
          i++; ws();
          const name = ident().toLowerCase(); ws();
          let op = null, value = null;
          if (s[i] === "]") { i++; parts.push({ attr: name }); continue; }
          const m = /^([~^$*|]?=)/.exec(s.slice(i));
          if (!m) fail(i >= s.length ? "Unexpected end of selector." : `Unexpected character "${s[i]}" in selector.`);
          op = m[1]; i += op.length; ws();
          if (s[i] === '"' || s[i] === "'") {
            const q = s[i++]; const j = s.indexOf(q, i);
            if (j < 0) fail("Unexpected end of selector.");
            value = s.slice(i, j); i = j + 1;
          } else value = ident();
          ws();
          let ci = false;
          if (/^i\s*\]/i.test(s.slice(i))) { ci = true; i++; ws(); }
          if (s[i] !== "]") fail(i >= s.length ? "Unexpected end of selector." : `Unexpected character "${s[i]}" in selector.`);
          i++;
          parts.push({ attr: name, op, value, ci });
        } else if (c === ":") {
          i++;
          const name = ident().toLowerCase();
          if (name === "first-child" || name === "first-of-type") parts.push({ nth: [0, 1], ofType: name === "first-of-type" });
          else if (name === "nth-child" || name === "nth-of-type" || name === "not") {
            if (s[i] !== "(") fail("Unexpected end of selector.");
            i++; ws();
            if (name === "not") {
              const inner = compound(); ws();
              if (s[i] !== ")") fail("Unexpected end of selector.");
              i++;
              parts.push({ not: inner });
            } else {
              const j = s.indexOf(")", i);
              if (j < 0) fail("Unexpected end of selector.");
              parts.push({ nth: parseNth(s.slice(i, j).trim(), fail), ofType: name === "nth-of-type" });
              i = j + 1;
            }
          } else fail(`Unsupported pseudo-class or pseudo-element in selector.`);
        } else break;
      }
      if (parts.length === 0) fail(i >= s.length ? "Unexpected end of selector." : `Unexpected character "${s[i]}" in selector.`);
      return parts;
    };
    const list = [];
    for (;;) {
      ws();
      const chain = [{ comb: null, parts: compound() }];
      for (;;) {
        const before = i; ws();
        if (i >= s.length || s[i] === ",") break;
        let comb = " ";
        if (s[i] === ">") { comb = ">"; i++; ws(); } else if (before === i) fail(`Unexpected character "${s[i]}" in selector.`);
        chain.push({ comb, parts: compound() });
      }
      list.push(chain);
      if (s[i] === ",") { i++; continue; }
      break;
    }
    return list;
  }
  function parseNth(t, fail) {
    if (t === "odd") return [2, 1];
    if (t === "even") return [2, 0];
    const m = /^([+-]?\d*)n\s*([+-]\s*\d+)?$/.exec(t);
    if (m) return [m[1] === "" || m[1] === "+" ? 1 : m[1] === "-" ? -1 : Number(m[1]), m[2] ? Number(m[2].replace(/\s/g, "")) : 0];
    if (/^[+-]?\d+$/.test(t)) return [0, Number(t)];
    fail("Invalid nth-child expression.");
  }
  function matchesCompound(parts, el) {
    for (const p of parts) {
      if (p.any) continue;
      if (p.tag && p.tag !== el.name) return false;
      if (p.cls && !(el.attr("class") || "").split(/\s+/).includes(p.cls)) return false;
      if (p.id && el.attr("id") !== p.id) return false;
      if (p.attr) {
        let v = el.attr(p.attr);
        if (v === null) return false;
        if (p.op) {
          let want = p.value;
          if (p.ci) { v = v.toLowerCase(); want = want.toLowerCase(); }
          const ok = p.op === "=" ? v === want : p.op === "~=" ? v.split(/\s+/).includes(want) : p.op === "^=" ? want !== "" && v.startsWith(want)
            : p.op === "$=" ? want !== "" && v.endsWith(want) : p.op === "*=" ? want !== "" && v.includes(want) : v === want || v.startsWith(want + "-");
          if (!ok) return false;
        }
      }
      if (p.nth) {
        const [a, b] = p.nth, pos = p.ofType ? el.typeIndex : el.index;
        if (a === 0 ? pos !== b : (pos - b) / a < 0 || (pos - b) % a !== 0) return false;
      }
      if (p.not && matchesCompound(p.not, el)) return false;
    }
    return true;
  }
  // matches tries a selector chain against an element and its ancestors (stack, the
  // open elements outside it, innermost last).
  function matches(chain, el, stack) {
    const test = (k, node, depth) => {
      if (!matchesCompound(chain[k].parts, node)) return false;
      if (k === 0) return true;
      if (chain[k].comb === ">") return depth > 0 && test(k - 1, stack[depth - 1], depth - 1);
      for (let d = depth - 1; d >= 0; d--) if (test(k - 1, stack[d], d)) return true;
      return false;
    };
    return test(chain.length - 1, el, stack.length);
  }

  // ---- the objects handlers get ---------------------------------------------------
  class Element {
    #n; #state;
    constructor(node, state) { this.#n = node; this.#state = state; }
    get tagName() { return this.#n.name; }
    set tagName(v) { this.#n.name = String(v).toLowerCase(); this.#n.modified = true; }
    get attributes() { return this.#n.attrs.map(([k, v]) => [k, v])[Symbol.iterator](); }
    get namespaceURI() { return "http://www.w3.org/1999/xhtml"; }
    get removed() { return this.#state.removed; }
    get selfClosing() { return null; }
    get canHaveContent() { return null; }
    getAttribute(name) { return this.#n.attr(String(name).toLowerCase()); }
    hasAttribute(name) { return this.#n.attr(String(name).toLowerCase()) !== null; }
    setAttribute(name, value) {
      name = String(name).toLowerCase();
      const a = this.#n.attrs.find(([k]) => k === name);
      if (a) a[1] = String(value); else this.#n.attrs.push([name, String(value)]);
      this.#n.modified = true;
      return this;
    }
    removeAttribute(name) {
      name = String(name).toLowerCase();
      this.#n.attrs = this.#n.attrs.filter(([k]) => k !== name);
      this.#n.modified = true;
      return this;
    }
    before(c, o) { this.#state.before.push(content(c, o)); return this; }
    after(c, o) { this.#state.after.unshift(content(c, o)); return this; }
    prepend(c, o) { this.#state.prepend.unshift(content(c, o)); return this; }
    append(c, o) { this.#state.append.push(content(c, o)); return this; }
    replace(c, o) { this.#state.replace = content(c, o); this.#state.removed = true; return this; }
    setInnerContent(c, o) { this.#state.inner = content(c, o); return this; }
    remove() { this.#state.removed = true; this.#state.replace = ""; return this; }
    removeAndKeepContent() { this.#state.keepContent = true; return this; }
    onEndTag(handler) {
      if (typeof handler !== "function") throw new TypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'Function'.");
      if (voidElements.has(this.#n.name)) throw new TypeError("No end tag.");
      this.#state.endTag.push(handler);
    }
  }
  class EndTag {
    #s;
    constructor(s) { this.#s = s; }
    get name() { return this.#s.name; }
    set name(v) { this.#s.name = String(v).toLowerCase(); }
    before(c, o) { this.#s.before.push(content(c, o)); return this; }
    after(c, o) { this.#s.after.unshift(content(c, o)); return this; }
    remove() { this.#s.removed = true; return this; }
  }
  // A text chunk or a comment: its text can be replaced or removed, content put around.
  class Piece {
    #s;
    constructor(s) { this.#s = s; }
    get removed() { return this.#s.removed; }
    before(c, o) { this.#s.before.push(content(c, o)); return this; }
    after(c, o) { this.#s.after.unshift(content(c, o)); return this; }
    replace(c, o) { this.#s.replace = content(c, o); this.#s.removed = true; return this; }
    remove() { this.#s.replace = ""; this.#s.removed = true; return this; }
  }
  class Text extends Piece {
    #t;
    constructor(s, text, last) { super(s); this.#t = [text, last]; }
    get text() { return this.#t[0]; }
    get lastInTextNode() { return this.#t[1]; }
  }
  class Comment extends Piece {
    #s;
    constructor(s) { super(s); this.#s = s; }
    get text() { return this.#s.text; }
    set text(v) { this.#s.text = String(v); this.#s.modified = true; }
  }
  class Doctype {
    #t;
    constructor(t) { this.#t = t; }
    get name() { return this.#t.name ?? null; }
    get publicId() { return this.#t.publicId ?? null; }
    get systemId() { return this.#t.systemId ?? null; }
  }
  class DocumentEnd {
    #out;
    constructor(out) { this.#out = out; }
    append(c, o) { this.#out.push(content(c, o)); return this; }
  }

  const pieceState = (extra) => ({ before: [], after: [], replace: null, removed: false, ...extra });

  class HTMLRewriter {
    #handlers = [];
    #document = [];
    constructor() {}
    on(selector, handlers) {
      const chains = parseSelector(selector);
      this.#handlers.push({ chains, handlers: handlers || {} });
      return this;
    }
    onDocument(handlers) { this.#document.push(handlers || {}); return this; }
    transform(response) {
      if (!(response instanceof Response)) throw new TypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.");
      const handlers = this.#handlers.slice(), documentHandlers = this.#document.slice();
      const source = response;
      const body = new ReadableStream({
        async start(controller) {
          try {
            const text = source.body ? await source.text() : "";
            const out = await rewrite(text, handlers, documentHandlers);
            controller.enqueue(new TextEncoder().encode(out));
            controller.close();
          } catch (e) {
            controller.error(e);
          }
        },
      });
      const headers = new Headers(response.headers);
      headers.delete("content-length");
      return new Response(body, { status: response.status, statusText: response.statusText, headers });
    }
  }

  // seq calls fns in order; when one returns a promise, the rest wait for it (a handler
  // may be async). It returns undefined when every call was synchronous, else a promise:
  // the common, synchronous case makes no promise at all.
  function seq(fns, from = 0) {
    for (let k = from; k < fns.length; k++) {
      const r = fns[k]();
      if (r && typeof r.then === "function") return Promise.resolve(r).then(() => seq(fns, k + 1));
    }
    return undefined;
  }
  const then = (r, fn) => (r ? r.then(fn) : fn());

  function rewrite(text, handlers, documentHandlers) {
    if (handlers.length === 0 && documentHandlers.length === 0) return Promise.resolve(text);
    const tokens = JSON.parse(tokenize(text));
    const out = [];
    const stack = []; // the open elements, innermost last
    let suppress = 0; // > 0 inside a removed or replaced element's content
    const root = { counts: { all: 0, byType: {} } };
    const emit = (...parts) => { if (suppress === 0) out.push(...parts); };
    const insideHandlers = (kind) => {
      const seen = new Set(), list = [];
      for (const el of stack) for (const h of el.matched) if (h.handlers[kind] && !seen.has(h)) { seen.add(h); list.push(h); }
      return list;
    };
    const closeElement = (el, token) => {
      const st = el.state;
      if (st.suppressing) suppress--;
      const end = { name: el.name, before: [], after: [], removed: false };
      const calls = st.removed ? [] : st.endTag.map((h) => () => h(new EndTag(end)));
      return then(seq(calls), () => {
        if (suppress !== 0) return;
        if (!st.removed) {
          out.push(...st.append, ...end.before);
          // An end tag the source left out (an implied one) stays out.
          if (token && !st.keepContent && !end.removed) out.push(el.name !== el.originalName || end.name !== el.originalName ? `</${end.name === el.originalName ? el.name : end.name}>` : token.raw);
          out.push(...end.after);
        }
        out.push(...st.after);
      });
    };
    const startTag = (token) => {
      const parent = stack.length ? stack[stack.length - 1] : root;
      const name = token.name;
      parent.counts.all++;
      parent.counts.byType[name] = (parent.counts.byType[name] || 0) + 1;
      const node = {
        name, originalName: name, attrs: (token.attrs || []).map(([k, v]) => [k, v]), modified: false,
        index: parent.counts.all, typeIndex: parent.counts.byType[name], counts: { all: 0, byType: {} },
        attr(n) { const a = this.attrs.find(([k]) => k === n); return a ? a[1] : null; },
      };
      const state = { before: [], after: [], prepend: [], append: [], replace: null, inner: null, removed: false, keepContent: false, endTag: [] };
      node.state = state;
      node.matched = handlers.length ? handlers.filter((h) => h.chains.some((c) => matches(c, node, stack))) : [];
      let calls = [];
      if (suppress === 0 && node.matched.length) {
        const el = new Element(node, state);
        calls = node.matched.filter((h) => h.handlers.element).map((h) => () => h.handlers.element.call(h.handlers, el));
      }
      return then(seq(calls), () => {
        emit(...state.before);
        if (state.removed) emit(state.replace ?? "");
        else {
          if (!state.keepContent) {
            if (!node.modified) emit(token.raw);
            else emit(`<${node.name}${node.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join("")}${token.selfClosing ? " /" : ""}>`);
          }
          emit(...state.prepend);
          if (state.inner !== null) emit(state.inner);
        }
        state.suppressing = state.removed || state.inner !== null;
        if (voidElements.has(name) || token.selfClosing) {
          emit(...state.after);
          return;
        }
        if (state.suppressing) suppress++;
        stack.push(node);
      });
    };
    const endTag = (token) => {
      let at = -1;
      for (let k = stack.length - 1; k >= 0; k--) if (stack[k].originalName === token.name) { at = k; break; }
      if (at < 0) { emit(token.raw); return undefined; }
      const closes = [];
      while (stack.length > at) {
        const el = stack.pop();
        closes.push(() => closeElement(el, el === stack[at - 1] ? null : (stack.length === at ? token : null)));
      }
      return seq(closes);
    };
    const piece = (token) => {
      const isText = token.t === "text";
      const kind = isText ? "text" : "comments";
      const targets = [...documentHandlers.filter((d) => d[kind]).map((d) => ({ handlers: d })), ...insideHandlers(kind)];
      if (suppress > 0 || targets.length === 0) { emit(token.raw); return undefined; }
      const chunks = isText ? [[token.raw, false], ["", true]] : [[token.text, null]];
      return seq(chunks.map(([t, last]) => () => {
        const s = pieceState({ text: t, modified: false });
        const p = isText ? new Text(s, t, last) : new Comment(s);
        return then(seq(targets.map((h) => () => h.handlers[kind].call(h.handlers, p))), () => {
          emit(...s.before);
          if (s.removed) emit(s.replace ?? "");
          else if (isText) emit(t);
          else emit(s.modified ? `<!--${s.text}-->` : token.raw);
          emit(...s.after);
        });
      }));
    };
    const doctype = (token) => {
      const d = new Doctype(token);
      return then(seq(documentHandlers.filter((h) => h.doctype).map((h) => () => h.doctype.call(h, d))), () => emit(token.raw));
    };
    const step = { start: startTag, end: endTag, text: piece, comment: piece, doctype };
    return new Promise((resolve, reject) => {
      let i = 0;
      const finish = () => {
        const closes = [];
        while (stack.length) { const el = stack.pop(); closes.push(() => closeElement(el, null)); }
        const end = [];
        return then(seq(closes), () => then(seq(documentHandlers.filter((d) => d.end).map((d) => () => d.end.call(d, new DocumentEnd(end)))), () => {
          out.push(...end);
          resolve(out.join(""));
        }));
      };
      const loop = () => {
        try {
          while (i < tokens.length) {
            const r = step[tokens[i].t](tokens[i]);
            i++;
            if (r) { r.then(loop, reject); return; }
          }
          const r = finish();
          if (r) r.catch(reject);
        } catch (e) {
          reject(e);
        }
      };
      loop();
    });
  }

  Object.defineProperty(HTMLRewriter.prototype, Symbol.toStringTag, { value: "HTMLRewriter", configurable: true });
  return HTMLRewriter;
})
