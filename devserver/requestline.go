package devserver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Go's HTTP server refuses `400 Bad Request` a request whose path has a malformed
// percent-escape (`/a%zz`, `/a%`), before any handler runs; workerd hands it to the
// worker, whose request.url keeps it as sent. A lenientConn sits between the socket and
// Go's server: it follows the HTTP/1.1 framing of what the client sends (each request's
// head, then its body by Content-Length or chunks), and in a request line whose path has
// such an escape it writes each lone `%` as `%25`, noting the target as sent. The
// handler takes the note back (requestTarget), so the worker sees the client's bytes.
// Anything it does not follow (an upgrade, CONNECT, a framing it cannot read) is passed
// through untouched for the rest of the connection, where Go's server decides as before.

// maxHeadBytes is how much of a request head is followed: Go's server refuses longer
// heads (431) on its own.
const maxHeadBytes = http.DefaultMaxHeaderBytes + 4096

// lenientListener makes each accepted connection a lenientConn.
type lenientListener struct {
	net.Listener
	// headerTimeout is the server's ReadHeaderTimeout: how long a head may take from
	// its first bytes (zero: no limit).
	headerTimeout time.Duration
}

// Accept waits for the next connection.
func (l lenientListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	lc := newLenientConn(c)
	lc.headerTimeout = l.headerTimeout
	return lc, nil
}

// newLenientConn follows c.
func newLenientConn(c net.Conn) *lenientConn {
	lc := &lenientConn{Conn: c}
	lc.br = bufio.NewReaderSize(socketReader{lc}, 4096)
	return lc
}

// framing is what a lenientConn reads next.
type framing int

const (
	readHead      framing = iota // a request line and its header fields
	readBody                     // left bytes of a Content-Length body
	readChunkSize                // a chunk-size line
	readChunk                    // left bytes of a chunk, then its CRLF
	readTrailer                  // trailer fields after the last chunk
	passThrough                  // the rest of the connection, as it comes
)

// rewrite is a request target as the client sent it, and as Go's server was given it.
type rewrite struct{ sent, given string }

// lenientConn is a connection whose request lines reach Go's server with lone `%`s
// escaped (see above).
type lenientConn struct {
	net.Conn
	br    *bufio.Reader
	state framing
	left  int64  // bytes left in the body or chunk (+2 for a chunk's CRLF)
	out   []byte // bytes read and checked, not yet handed to the server
	buf   []byte // out's backing array, reused

	mu       sync.Mutex
	rewrites []rewrite // notes of request lines read, oldest first
	last     rewrite   // the note taken last: the request being served

	headerTimeout time.Duration // lenientListener's
	dl            readDeadline
}

// readDeadline is a lenientConn's read deadline, set on the socket only when it reads.
// Go's server sets one around every request's head (ReadHeaderTimeout) and clears it
// after, three timer changes per request; the head is nearly always read by then, in
// one read, so most of those never reach the socket. A read in progress gets a new
// deadline at once (Go's server stops its background read with one in the past), so
// every read still fails or returns as the deadlines set say.
//
// Go's server starts a later request's header timeout when that request's first bytes
// have arrived, but a lenientConn hands it nothing before the whole head: head sets the
// same timeout itself (the head field) when it must wait for more of a head.
type readDeadline struct {
	mu      sync.Mutex
	want    time.Time // the deadline Go's server asked for
	head    time.Time // the head being read must be in by then (zero: none)
	set     time.Time // the deadline on the socket
	reading bool      // a read of the socket is in progress
}

// SetReadDeadline sets the deadline for reads of the connection, as net.Conn's.
func (c *lenientConn) SetReadDeadline(t time.Time) error {
	c.dl.mu.Lock()
	defer c.dl.mu.Unlock()
	c.dl.want = t
	if c.dl.reading {
		return c.applyDeadline()
	}
	return nil
}

// setHeadDeadline sets (or, with zero, clears) the deadline of the head being read.
func (c *lenientConn) setHeadDeadline(t time.Time) {
	c.dl.mu.Lock()
	c.dl.head = t
	c.dl.mu.Unlock()
}

// SetDeadline sets the read and write deadlines, as net.Conn's.
func (c *lenientConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}

// applyDeadline puts the earlier of the deadlines asked for on the socket; c.dl.mu is
// held.
func (c *lenientConn) applyDeadline() error {
	t := c.dl.want
	if !c.dl.head.IsZero() && (t.IsZero() || c.dl.head.Before(t)) {
		t = c.dl.head
	}
	if t.Equal(c.dl.set) {
		return nil
	}
	c.dl.set = t
	return c.Conn.SetReadDeadline(t)
}

// readSocket reads the socket under the deadline last set. Every read of the socket
// goes through it.
func (c *lenientConn) readSocket(p []byte) (int, error) {
	c.dl.mu.Lock()
	err := c.applyDeadline()
	c.dl.reading = err == nil
	c.dl.mu.Unlock()
	if err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	c.dl.mu.Lock()
	c.dl.reading = false
	c.dl.mu.Unlock()
	return n, err
}

// socketReader reads a lenientConn's socket, for its buffered reader.
type socketReader struct{ c *lenientConn }

func (r socketReader) Read(p []byte) (int, error) { return r.c.readSocket(p) }

// CloseWrite shuts the sending side, as Go's server does to a *net.TCPConn before it
// closes a connection after a response.
func (c *lenientConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Read hands Go's server the next bytes of the connection.
func (c *lenientConn) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		switch c.state {
		case readBody, readChunk:
			if c.state == readChunk && c.left <= 2 {
				// The chunk's data is read: its CRLF ends the line.
				if err := c.line(); err != nil {
					return 0, err
				}
				c.state = readChunkSize
				continue
			}
			want := c.left
			if c.state == readChunk {
				want -= 2
			}
			if int64(len(p)) > want {
				p = p[:want]
			}
			n, err := c.br.Read(p)
			c.left -= int64(n)
			if c.state == readBody && c.left == 0 {
				c.state = readHead
			}
			return n, err
		case passThrough:
			if c.br.Buffered() > 0 {
				return c.br.Read(p)
			}
			return c.readSocket(p)
		case readHead:
			if err := c.head(); err != nil {
				return 0, err
			}
		case readChunkSize:
			if err := c.line(); err != nil {
				return 0, err
			}
			size, ok := chunkSize(c.out)
			switch {
			case !ok:
				c.state = passThrough
			case size == 0:
				c.state = readTrailer
			default:
				c.state, c.left = readChunk, size+2
			}
		case readTrailer:
			if err := c.line(); err != nil {
				return 0, err
			}
			if len(bytes.TrimRight(c.out, "\r\n")) == 0 {
				c.state = readHead
			}
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// line reads one line (with its ending) into out.
func (c *lenientConn) line() error {
	l, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		// A line longer than the buffer: not framing this code can follow.
		c.state = passThrough
		err = nil
	}
	c.out = append(c.buf[:0], l...)
	c.buf = c.out
	if err != nil && len(l) > 0 {
		err = nil // handed over now; the error comes again on the next read
	}
	return err
}

// head reads a request's head into out, rewriting its request line if need be, and sets
// what comes after it.
func (c *lenientConn) head() error {
	buf := c.buf[:0]
	var (
		lines     int
		length    int64 = -1
		chunked   bool
		unfollow  bool
		lineStart int
		timed     bool      // the head's deadline is set
		headBy    time.Time // that deadline
	)
	defer func() {
		if timed {
			c.setHeadDeadline(time.Time{}) // the head is in, or is not followed
		}
	}()
	for {
		if !timed && c.headerTimeout > 0 && (len(buf) > 0 || c.br.Buffered() > 0) && !c.lineBuffered() {
			// Part of the head is in and the rest must be waited for: from now on the
			// server's header timeout runs, as it would from these first bytes.
			headBy = time.Now().Add(c.headerTimeout)
			c.setHeadDeadline(headBy)
			timed = true
		}
		l, err := c.br.ReadSlice('\n')
		if err != nil && timed && isTimeout(err) && !time.Now().Before(headBy) {
			// The head's time is up: its deadline stays, so that what the server
			// reads next fails too, and it closes the connection. (A deadline of the
			// server's own, stopping its background read, clears it as usual.)
			timed = false
		}
		if err == bufio.ErrBufferFull || len(buf)+len(l) > maxHeadBytes {
			c.state = passThrough
			c.out = append(buf, l...)
			c.buf = c.out
			return nil
		}
		if err != nil {
			if len(buf)+len(l) > 0 {
				// What came before the connection ended goes on to the server, which
				// says what it makes of it.
				c.out = append(buf, l...)
				c.buf = c.out
				c.state = passThrough
				return nil
			}
			return err
		}
		lineStart = len(buf)
		buf = append(buf, l...)
		text := bytes.TrimRight(l, "\r\n")
		if lines == 0 {
			if len(text) == 0 {
				// An empty line before a request: the server's to judge.
				c.out, c.buf = buf, buf
				return nil
			}
			var rewritten []byte
			rewritten, unfollow = c.requestLine(text)
			if rewritten != nil {
				buf = append(append(buf[:lineStart], rewritten...), l[len(text):]...)
			}
			lines++
			continue
		}
		lines++
		if len(text) == 0 {
			break
		}
		name, value, ok := bytes.Cut(text, []byte{':'})
		if !ok {
			unfollow = true
			continue
		}
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "Content-Length"):
			n, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || n < 0 || (length >= 0 && length != n) {
				unfollow = true
			}
			length = n
		case asciiEqualFold(name, "Transfer-Encoding"):
			if chunked || !asciiEqualFold(value, "chunked") {
				unfollow = true
			}
			chunked = true
		case asciiEqualFold(name, "Upgrade"):
			unfollow = true
		}
	}
	c.out, c.buf = buf, buf
	switch {
	case unfollow || chunked && length >= 0:
		c.state = passThrough
	case chunked:
		c.state = readChunkSize
	case length > 0:
		c.state, c.left = readBody, length
	default:
		c.state = readHead
	}
	return nil
}

// lineBuffered reports whether the reader holds a whole line, read without waiting.
func (c *lenientConn) lineBuffered() bool {
	b, _ := c.br.Peek(c.br.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

// isTimeout reports whether err is a deadline's.
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// requestLine is line with the lone `%`s of its path escaped (nil when it has none), and
// whether what follows the head is not for this code to follow (CONNECT, not HTTP/1).
func (c *lenientConn) requestLine(line []byte) (rewritten []byte, unfollow bool) {
	sp1 := bytes.IndexByte(line, ' ')
	sp2 := bytes.LastIndexByte(line, ' ')
	if sp1 < 0 || sp2 <= sp1 {
		return nil, true
	}
	method, target, proto := line[:sp1], line[sp1+1:sp2], line[sp2+1:]
	if string(method) == http.MethodConnect || !bytes.HasPrefix(proto, []byte("HTTP/1.")) {
		return nil, true
	}
	path := target
	if i := bytes.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if len(path) == 0 || path[0] != '/' || !hasLonePercent(path) {
		return nil, false
	}
	given := make([]byte, 0, len(target)+8)
	for i := 0; i < len(path); i++ {
		given = append(given, path[i])
		if path[i] == '%' && !(i+2 < len(path) && isHex(path[i+1]) && isHex(path[i+2])) {
			given = append(given, "25"...)
		}
	}
	given = append(given, target[len(path):]...)
	c.mu.Lock()
	c.rewrites = append(c.rewrites, rewrite{sent: string(target), given: string(given)})
	c.mu.Unlock()
	out := make([]byte, 0, len(line)+len(given)-len(target))
	out = append(append(append(append(out, method...), ' '), given...), line[sp2:]...)
	return out, false
}

// take is the target the client sent for the request Go's server read as given: the
// oldest note, if it is this request's (or the one taken last, asked again).
func (c *lenientConn) take(given string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.rewrites) > 0 && c.rewrites[0].given == given {
		c.last = c.rewrites[0]
		c.rewrites = c.rewrites[1:]
	} else if c.last.given != given {
		return "", false
	}
	return c.last.sent, true
}

// hasLonePercent reports whether path has a `%` not followed by two hex digits.
func hasLonePercent(path []byte) bool {
	for i := bytes.IndexByte(path, '%'); i >= 0; {
		if !(i+2 < len(path) && isHex(path[i+1]) && isHex(path[i+2])) {
			return true
		}
		j := bytes.IndexByte(path[i+1:], '%')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

// chunkSize is the size on a chunk-size line (extensions after `;` ignored).
func chunkSize(line []byte) (int64, bool) {
	line = bytes.TrimRight(line, "\r\n")
	if i := bytes.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	n, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
	return n, err == nil && n >= 0 && n < 1<<62
}

// asciiEqualFold reports whether b is s in any ASCII case.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// connKey is the context key of a request's lenientConn.
type connKey struct{}

// withConn is http.Server's ConnContext: it keeps the lenientConn for the handler.
func withConn(ctx context.Context, c net.Conn) context.Context {
	if lc, ok := c.(*lenientConn); ok {
		return context.WithValue(ctx, connKey{}, lc)
	}
	return ctx
}

// requestTarget is r's request target as the client sent it (for a target that is not a
// path, such as a proxy's absolute URL, only its path and query).
func requestTarget(r *http.Request) string {
	if !strings.HasPrefix(r.RequestURI, "/") {
		return r.URL.RequestURI()
	}
	if lc, ok := r.Context().Value(connKey{}).(*lenientConn); ok {
		if sent, ok := lc.take(r.RequestURI); ok {
			return sent
		}
	}
	return r.RequestURI
}
