// HTMLRewriter's JavaScript face: it keeps the handlers and drives the walker in Go
// (htmlrewriter.go), making each handler call the walker asks for and awaiting it only
// when it returned a promise. Called with the walker's natives; its value is the class.
((native) => {
  "use strict";
  class HTMLRewriter {
    #handlers = [];
    #document = [];
    on(selector, handlers) {
      this.#handlers.push([native.parse(selector), handlers || {}]);
      return this;
    }
    onDocument(handlers) {
      this.#document.push(handlers || {});
      return this;
    }
    transform(response) {
      if (!(response instanceof Response)) throw new TypeError("Failed to execute 'transform' on 'HTMLRewriter': parameter 1 is not of type 'Response'.");
      const handlers = this.#handlers.slice(), documentHandlers = this.#document.slice();
      const source = response;
      // The page streams through: each chunk of the body is fed to the tokenizer as it
      // comes, and what is rewritten so far goes out before the next chunk is awaited.
      const body = new ReadableStream({
        async start(controller) {
          const encoder = new TextEncoder();
          const reader = source.body ? source.body.getReader() : null;
          if (!handlers.length && !documentHandlers.length) {
            if (reader) for (;;) { const { done, value } = await reader.read(); if (done) break; controller.enqueue(value); }
            controller.close();
            return;
          }
          const w = native.walker(handlers, documentHandlers);
          let fed = !reader;
          if (fed) w.feed();
          const flush = () => { const out = w.take(); if (out) controller.enqueue(encoder.encode(out)); };
          try {
            for (;;) {
              const c = w.next();
              if (c === null) break;
              if (c === undefined) { // no token ready
                if (await w.wait() && !fed) {
                  flush();
                  const { done, value } = await reader.read();
                  if (done) { fed = true; w.feed(); } else w.feed(value);
                }
                continue;
              }
              const r = c.fn.call(c.self, c.arg);
              if (r && typeof r.then === "function") await r;
            }
            flush();
            controller.close();
          } catch (e) {
            controller.error(e);
            if (reader) reader.cancel(e).catch(() => {});
          } finally {
            if (!fed) w.feed(); // the tokenizer's goroutine ends at the page's end
          }
        },
      });
      const headers = new Headers(response.headers);
      headers.delete("content-length");
      return new Response(body, { status: response.status, statusText: response.statusText, headers });
    }
  }
  Object.defineProperty(HTMLRewriter.prototype, Symbol.toStringTag, { value: "HTMLRewriter", configurable: true });
  return HTMLRewriter;
})
