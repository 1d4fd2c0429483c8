package runtime

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// upstream is a local HTTP server for the fetch tests.
func upstream(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Upstream", "yes")
		fmt.Fprintf(w, `{"method":%q,"ua":%q}`, r.Method, r.Header.Get("User-Agent"))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(201)
		fmt.Fprintf(w, "%s %s ", r.Method, r.Header.Get("X-Sent"))
		io.Copy(w, r.Body)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/json", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/chunks", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			fmt.Fprintf(w, "chunk%d;", i)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		b := gzipped("upstream text")
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("X-Seen-Accept-Encoding", r.Header.Get("Accept-Encoding"))
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.Write(b)
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// gzipped is s compressed.
func gzipped(s string) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.Bytes()
}

// TestFetchDecodesGzip: as in workerd, fetch sends no Accept-Encoding of its own, decodes
// a gzip body whoever asked for it, and keeps the response's Content-Encoding and
// Content-Length (checked against wrangler dev 4.86.0 with the same upstream).
func TestFetchDecodesGzip(t *testing.T) {
	up := upstream(t)
	iso, _ := startWorker(t, `
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const out = [];
    for (const headers of [{}, { "accept-encoding": "gzip" }]) {
      const r = await fetch(env.UPSTREAM + "/gzip", { headers });
      out.push([r.headers.get("content-encoding"), r.headers.get("content-length"), r.headers.get("x-seen-accept-encoding"), await r.text()]);
    }
    return Response.json(out);
  },
};`, varBinding{"UPSTREAM", up.URL})
	res, err := get(t, iso, "http://localhost/")
	n := len(gzipped("upstream text"))
	want := fmt.Sprintf(`[["gzip","%d","","upstream text"],["gzip","%d","gzip","upstream text"]]`, n, n)
	if err != nil || string(res.Body) != want {
		t.Fatalf("%v\n got %s\nwant %s", err, res.Body, want)
	}
}

func TestFetch(t *testing.T) {
	up := upstream(t)
	iso, _ := startWorker(t, `
import { eq } from "./assert.js";
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    const base = env.UPSTREAM;
    const r1 = await fetch(base + "/json");
    eq([r1.status, r1.ok, r1.statusText, r1.headers.get("x-upstream"), r1.url, r1.redirected], [200, true, "OK", "yes", base + "/json", false], "GET");
    eq(await r1.json(), { method: "GET", ua: "" }, "GET body; no user agent of goflare's own");

    const r2 = await fetch(new Request(base + "/echo", { method: "POST", body: "payload", headers: { "X-Sent": "h" } }));
    eq([r2.status, await r2.text()], [201, "POST h payload"], "POST a Request");
    const streamed = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("stream")); c.enqueue(new TextEncoder().encode("ed")); c.close(); } });
    const r3 = await fetch(base + "/echo", { method: "PUT", body: streamed });
    eq(await r3.text(), "PUT  streamed", "a streamed request body");

    const r4 = await fetch(base + "/redirect");
    eq([r4.status, r4.redirected, r4.url], [200, true, base + "/json"], "redirect followed");
    const r5 = await fetch(base + "/redirect", { redirect: "manual" });
    eq([r5.status, r5.headers.get("location")], [302, "/json"], "redirect manual");
    let err = null;
    try { await fetch(base + "/redirect", { redirect: "error" }); } catch (e) { err = e; }
    eq(err instanceof TypeError, true, "redirect error");

    const reader = (await fetch(base + "/chunks")).body.getReader();
    let text = "";
    for (;;) { const { value, done } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); }
    eq(text, "chunk0;chunk1;chunk2;", "a streamed response body");

    const ac = new AbortController();
    const pending = fetch(base + "/slow", { signal: ac.signal });
    setTimeout(() => ac.abort(), 10);
    err = null;
    try { await pending; } catch (e) { err = e; }
    eq(err && err.name, "AbortError", "abort");
    err = null;
    try { await fetch(base + "/slow", { signal: AbortSignal.timeout(10) }); } catch (e) { err = e; }
    eq(err && err.name, "TimeoutError", "AbortSignal.timeout");
    err = null;
    try { await fetch("http://127.0.0.1:1/"); } catch (e) { err = e; }
    eq(err instanceof TypeError, true, "a connection refused is a TypeError");
    err = null;
    try { await fetch("not a url"); } catch (e) { err = e; }
    eq(err instanceof TypeError, true, "an invalid URL rejects with TypeError");
    return new Response("ok");
  },
};`, varBinding{"UPSTREAM", up.URL}, assertFile(t))
	res, err := get(t, iso, "http://localhost/")
	if err != nil || string(res.Body) != "ok" {
		t.Fatalf("%v %s", err, res.Body)
	}
}

func TestSubrequestLimit(t *testing.T) {
	up := upstream(t)
	iso := startWorkerWith(t, Options{SubrequestLimit: 3}, `
export default {
  async fetch(request: Request, env: any): Promise<Response> {
    let n = 0;
    try { for (;;) { await (await fetch(env.UPSTREAM + "/json")).text(); n++; } }
    catch (e) { return new Response(n + " " + e.name + ": " + e.message); }
  },
};`, varBinding{"UPSTREAM", up.URL})
	for i := 0; i < 2; i++ { // the count is per request
		res, err := get(t, iso, "http://localhost/")
		if err != nil || string(res.Body) != "3 Error: Too many subrequests." {
			t.Fatalf("%v %q", err, res.Body)
		}
	}
}

// assertFile is the shared JS assertion helper as a project file.
func assertFile(t *testing.T) fileOf {
	b, err := readFile("testdata/assert.js")
	if err != nil {
		t.Fatal(err)
	}
	return fileOf{"src/assert.js", b}
}
