package devserver

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
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
	c := &lenientConn{Conn: server, br: bufio.NewReaderSize(server, 4096)}
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
