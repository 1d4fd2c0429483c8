package goja

// goflare: patch 14, `s += piece` in amortized linear time. V8 concatenates into ropes,
// so building a page with `html += part` (hono's JSX renderer does, through
// `buffer[0] += str`) costs the length of the page; goja copied the whole string on each
// `+`, quadratic in the page. Now a long string made by `+` is kept in a buffer with room
// to spare, and the next `+` onto that same string (the last one made in that buffer)
// writes the new part after it in place. A string is immutable: what is written lies
// past the end of every string made from the buffer so far.

import (
	"unsafe"

	"github.com/dop251/goja/unistring"
)

// concatBuffers are the buffers of the last long strings `+` made, one ASCII, one UTF-16.
type concatBuffers struct {
	ascii []byte   // the last ASCII string made is ascii[:len(ascii)]
	utf16 []uint16 // the last UTF-16 string made is utf16[:len(utf16)], BOM first
}

// concatInPlaceMin and concatInPlaceMax bound the length of a result `+` keeps in a
// buffer: the runtime holds the last buffer (up to twice the string) until another
// replaces it.
const (
	concatInPlaceMin = 256
	concatInPlaceMax = 16 << 20
)

// concat is a + b, appended in place when a is the last long string made by concat.
func (r *Runtime) concat(a, b String) String {
	if n := a.Length() + b.Length(); n < concatInPlaceMin || n > concatInPlaceMax {
		return a.Concat(b)
	}
	as, au := devirtualizeString(a)
	bs, bu := devirtualizeString(b)
	c := &r.concatBuffers
	if au == nil && bu == nil {
		n := len(as) + len(bs)
		if len(as) > 0 && len(c.ascii) == len(as) && unsafe.StringData(string(as)) == unsafe.SliceData(c.ascii) && n <= cap(c.ascii) {
			c.ascii = append(c.ascii, bs...)
		} else {
			buf := make([]byte, 0, 2*n)
			c.ascii = append(append(buf, as...), bs...)
		}
		return asciiString(unsafe.String(unsafe.SliceData(c.ascii), n))
	}
	n := a.Length() + b.Length() + 1 // with the BOM
	if au != nil && len(c.utf16) == len(au) && unsafe.SliceData([]uint16(au)) == unsafe.SliceData(c.utf16) && n <= cap(c.utf16) {
		// a is the last string made here: write b after it.
	} else {
		buf := make([]uint16, 0, 2*n)
		if au != nil {
			buf = append(buf, au...)
		} else {
			buf = append(buf, unistring.BOM)
			for i := 0; i < len(as); i++ {
				buf = append(buf, uint16(as[i]))
			}
		}
		c.utf16 = buf
	}
	if bu != nil {
		c.utf16 = append(c.utf16, bu[1:]...)
	} else {
		for i := 0; i < len(bs); i++ {
			c.utf16 = append(c.utf16, uint16(bs[i]))
		}
	}
	return unicodeString(c.utf16[:n:n])
}
