package devserver

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// readThrough is what Go's server reads of stream through a lenientConn, n bytes at a
// time, and the notes left for its handlers.
func readThrough(t *testing.T, stream string, n int) (string, []rewrite) {
	t.Helper()
	server, client := net.Pipe()
	go func() {
		io.WriteString(client, stream)
		client.Close()
	}()
	c := newLenientConn(server)
	var out bytes.Buffer
	buf := make([]byte, n)
	for {
		k, err := c.Read(buf)
		out.Write(buf[:k])
		if err != nil {
			break
		}
	}
	return out.String(), c.rewrites
}

// TestLenientConnFraming: only request lines are rewritten, whatever a body holds and
// however the reads fall; framing it cannot follow is passed through untouched.
func TestLenientConnFraming(t *testing.T) {
	fake := "GET /fake%zz HTTP/1.1\r\n"
	chunk := strings.Repeat("y", 5000) + fake
	cases := []struct{ name, in, want string }{
		{"plain requests pass as they are",
			"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b?c=%zz HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b?c=%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
		{"lone percents in the path",
			"GET /a%zz%4%41% HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET /a%25zz%254%41%25 HTTP/1.1\r\nHost: x\r\n\r\n"},
		{"a Content-Length body is not read as requests",
			"POST /a%z HTTP/1.1\r\ncontent-length: 24\r\n\r\n" + fake + "GET /b% HTTP/1.0\n\n",
			"POST /a%25z HTTP/1.1\r\ncontent-length: 24\r\n\r\n" + fake + "GET /b%25 HTTP/1.0\n\n"},
		{"a chunked body, with extensions and trailers",
			"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1388;a=b\r\n" + chunk[:5000] + "\r\n18\r\n" + fake + "\r\n0\r\nT: 1\r\n\r\nGET /%% HTTP/1.1\r\n\r\n",
			"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1388;a=b\r\n" + chunk[:5000] + "\r\n18\r\n" + fake + "\r\n0\r\nT: 1\r\n\r\nGET /%25%25 HTTP/1.1\r\n\r\n"},
		{"an upgrade is passed through",
			"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n" + fake,
			"GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n" + fake},
		{"framing it cannot follow is passed through",
			"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n" + fake,
			"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n" + fake},
		{"the HTTP/2 preface is passed through",
			"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + fake,
			"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + fake},
		{"a head cut short goes on as it came",
			"GET /a%zz HTTP/1.1\r\nHost",
			"GET /a%25zz HTTP/1.1\r\nHost"},
	}
	for _, c := range cases {
		for _, n := range []int{1, 7, 4096} {
			got, _ := readThrough(t, c.in, n)
			if got != c.want {
				t.Errorf("%s (reads of %d): got\n%q\nwant\n%q", c.name, n, got, c.want)
			}
		}
	}
	_, notes := readThrough(t, cases[2].in, 3)
	if len(notes) != 2 || notes[0] != (rewrite{sent: "/a%z", given: "/a%25z"}) || notes[1] != (rewrite{sent: "/b%", given: "/b%25"}) {
		t.Errorf("notes: %+v", notes)
	}
}

// serveLenient runs Go's server with this header timeout behind a lenientListener, as
// the dev server does, answering "ok".
func serveLenient(t *testing.T, headerTimeout time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{ReadHeaderTimeout: headerTimeout, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	})}
	go srv.Serve(lenientListener{ln, headerTimeout})
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// TestLenientConnKeepsHeaderTimeout: the read deadlines a lenientConn puts on the socket
// only when it reads still close a connection whose head stalls, on its first request
// and on a later one, and leave an idle connection between requests open.
func TestLenientConnKeepsHeaderTimeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	addr := serveLenient(t, timeout)
	ask := func(c net.Conn, br *bufio.Reader) {
		t.Helper()
		io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		if string(body) != "ok" {
			t.Fatalf("body %q", body)
		}
	}
	closedSoon := func(c net.Conn, br *bufio.Reader) {
		t.Helper()
		c.SetReadDeadline(time.Now().Add(10 * time.Second)) // the test's own bound
		if _, err := io.ReadAll(br); err != nil {
			t.Fatalf("a stalled head: %v, want the server to close the connection", err)
		}
	}

	// A first request whose head never ends.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n")
	closedSoon(c, bufio.NewReader(c))

	// Requests on one connection, idle between them for longer than the timeout, then a
	// head that stalls.
	c2, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	br := bufio.NewReader(c2)
	for range 3 {
		ask(c2, br)
		time.Sleep(2 * timeout)
	}
	io.WriteString(c2, "GET / HTTP/1.1\r\nHo")
	closedSoon(c2, br)
}

// TestLenientConnPipelinedHead: a client that sends the start of its next request while
// the server answers one (the server stops its background read of it with a deadline in
// the past) is answered on, and its connection stays usable past the header timeout.
func TestLenientConnPipelinedHead(t *testing.T) {
	const timeout = 200 * time.Millisecond
	addr := serveLenient(t, timeout)
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second)) // the test's own bound
	br := bufio.NewReader(c)
	answered := func(what string) {
		t.Helper()
		res, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || string(body) != "ok" {
			t.Fatalf("%s: %d %q", what, res.StatusCode, body)
		}
	}
	io.WriteString(c, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHo")
	answered("the first request")
	time.Sleep(timeout / 2)
	io.WriteString(c, "st: x\r\n\r\n")
	answered("the pipelined one")
	time.Sleep(2 * timeout)
	io.WriteString(c, "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n")
	answered("a request after an idle time longer than the header timeout")
}
