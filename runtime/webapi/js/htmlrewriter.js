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
      const body = new ReadableStream({
        async start(controller) {
          try {
            const text = source.body ? await source.text() : "";
            let out = text;
            if (handlers.length || documentHandlers.length) {
              const w = native.walker(text, handlers, documentHandlers);
              for (;;) {
                const c = w.next();
                if (c === null) break;
                const r = c.fn.call(c.self, c.arg);
                if (r && typeof r.then === "function") await r;
              }
              out = w.output();
            }
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
  Object.defineProperty(HTMLRewriter.prototype, Symbol.toStringTag, { value: "HTMLRewriter", configurable: true });
  return HTMLRewriter;
})
