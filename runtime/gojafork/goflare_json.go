package goja

// goflare: patch 16, JSON.parse reads the text itself. goja took each token from
// encoding/json's Decoder.Token, which boxes every token in an interface and copies
// every string, and turns an escaped lone surrogate ("\ud800") into U+FFFD where V8
// keeps it. This parser makes the values straight from the text: a string without
// escapes is a slice of it, an integer is parsed without strconv, and the errors are
// SyntaxErrors (goflare's JSON.parse rewrites their text into V8's).

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja/unistring"
)

// jsonParser is one JSON.parse: the text, the position read to, and how many arrays and
// objects are open there.
type jsonParser struct {
	r     *Runtime
	s     string
	pos   int
	depth int
}

// SetJSONMaxDepth makes JSON.parse throw V8's `RangeError: Maximum call stack size
// exceeded` on a text whose arrays and objects nest deeper than n (n <= 0: no limit). The
// parser recurses on the Go stack, whose overflow is fatal, not a panic.
func (r *Runtime) SetJSONMaxDepth(n int) {
	r.jsonMaxDepth = n
}

// SetJSONSyntaxMessage makes JSON.parse's SyntaxError carry message(text) instead of the
// parser's own text, unless it is "" (goflare gives V8's messages).
func (r *Runtime) SetJSONSyntaxMessage(message func(text string) string) {
	r.jsonSyntaxMessage = message
}

// open enters an array or object.
func (p *jsonParser) open() {
	p.pos++
	if p.depth++; p.r.jsonMaxDepth > 0 && p.depth > p.r.jsonMaxDepth {
		panic(rangeError("Maximum call stack size exceeded"))
	}
}

// jsonSyntaxError is a malformed text at a position.
type jsonSyntaxError struct{ msg string }

func (e *jsonSyntaxError) Error() string { return e.msg }

func (p *jsonParser) fail(format string, args ...any) {
	panic(&jsonSyntaxError{fmt.Sprintf(format, args...)})
}

// parseJSON is the value of the JSON text s.
func (r *Runtime) parseJSON(s string) (v Value, err error) {
	p := &jsonParser{r: r, s: s}
	defer func() {
		if x := recover(); x != nil {
			e, ok := x.(*jsonSyntaxError)
			if !ok {
				panic(x)
			}
			err = e
		}
	}()
	p.space()
	v = p.value()
	p.space()
	if p.pos < len(p.s) {
		p.fail("Unexpected token at the end: %q", p.s[p.pos])
	}
	return v, nil
}

func (p *jsonParser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value() Value {
	if p.pos >= len(p.s) {
		p.fail("Unexpected end of JSON input")
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.string()
	case c == '-' || '0' <= c && c <= '9':
		return p.number()
	case c == 't':
		p.literal("true")
		return valueTrue
	case c == 'f':
		p.literal("false")
		return valueFalse
	case c == 'n':
		p.literal("null")
		return _null
	default:
		p.fail("Unexpected token %q", c)
		return nil
	}
}

func (p *jsonParser) literal(word string) {
	if len(p.s)-p.pos < len(word) || p.s[p.pos:p.pos+len(word)] != word {
		p.fail("Unexpected token in %q", word)
	}
	p.pos += len(word)
}

func (p *jsonParser) object() Value {
	p.open() // {
	defer func() { p.depth-- }()
	obj := p.r.NewObject()
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		return obj
	}
	for {
		p.r.checkInterrupt()
		if p.pos >= len(p.s) || p.s[p.pos] != '"' {
			p.fail("Expected a property name")
		}
		key := p.key()
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ':' {
			p.fail("Expected ':' after a property name")
		}
		p.pos++
		p.space()
		v := p.value()
		obj.self._putProp(key, v, true, true, true)
		if !p.more('}', "Expected ',' or '}' after a property value") {
			return obj
		}
	}
}

func (p *jsonParser) array() Value {
	p.open() // [
	defer func() { p.depth-- }()
	var values []Value
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return p.r.newArrayValues(nil)
	}
	for {
		p.r.checkInterrupt()
		values = append(values, p.value())
		if !p.more(']', "Expected ',' or ']' after an array element") {
			return p.r.newArrayValues(values)
		}
	}
}

// more reads what follows a member or element: a ',' (another follows: true) or the
// closing bracket (false); anything else is the error expected.
func (p *jsonParser) more(closing byte, expected string) bool {
	p.space()
	if p.pos >= len(p.s) {
		p.fail("Unexpected end of JSON input")
	}
	switch p.s[p.pos] {
	case ',':
		p.pos++
		p.space()
		return true
	case closing:
		p.pos++
		return false
	}
	p.fail("%s", expected)
	return false
}

// plain is the text of a string token that holds no escape and only ASCII, and whether
// it is one (the position then past its closing quote).
func (p *jsonParser) plain() (string, bool) {
	start := p.pos + 1
	for i := start; i < len(p.s); i++ {
		switch c := p.s[i]; {
		case c == '"':
			p.pos = i + 1
			return p.s[start:i], true
		case c == '\\' || c >= utf8.RuneSelf:
			return "", false
		case c < 0x20:
			p.fail("Bad control character in string literal")
		}
	}
	p.fail("Unterminated string in JSON")
	return "", false
}

func (p *jsonParser) key() unistring.String {
	if s, ok := p.plain(); ok {
		return unistring.String(s)
	}
	return p.escaped().string()
}

func (p *jsonParser) string() Value {
	if s, ok := p.plain(); ok {
		return asciiString(s)
	}
	return p.escaped()
}

// escaped reads a string token with escapes or non-ASCII text.
func (p *jsonParser) escaped() String {
	var units []uint16 // UTF-16, once a lone surrogate is met
	var b []byte       // UTF-8 until then
	i := p.pos + 1
	for {
		if i >= len(p.s) {
			p.fail("Unterminated string in JSON")
		}
		c := p.s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			if units != nil {
				return unicodeString(units)
			}
			return newStringValue(string(b))
		case c < 0x20:
			p.fail("Bad control character in string literal")
		case c == '\\':
			if i+1 >= len(p.s) {
				p.fail("Unterminated string in JSON")
			}
			var r rune
			switch e := p.s[i+1]; e {
			case '"', '\\', '/':
				r = rune(e)
			case 'b':
				r = '\b'
			case 'f':
				r = '\f'
			case 'n':
				r = '\n'
			case 'r':
				r = '\r'
			case 't':
				r = '\t'
			case 'u':
				u := p.hex4(i + 2)
				i += 6
				if utf16.IsSurrogate(rune(u)) {
					if u < 0xDC00 && i+6 <= len(p.s) && p.s[i] == '\\' && p.s[i+1] == 'u' {
						if lo := p.hex4(i + 2); 0xDC00 <= lo && lo <= 0xDFFF {
							i += 6
							r = utf16.DecodeRune(rune(u), rune(lo))
							b, units = appendRune(b, units, r)
							continue
						}
					}
					// A lone surrogate: V8 keeps it, so the string is UTF-16 from here.
					if units == nil {
						units = append([]uint16{unistring.BOM}, utf16.Encode([]rune(string(b)))...)
					}
					units = append(units, u)
					continue
				}
				b, units = appendRune(b, units, rune(u))
				continue
			default:
				p.fail("Bad escaped character in JSON")
			}
			b, units = appendRune(b, units, r)
			i += 2
		default:
			r, size := utf8.DecodeRuneInString(p.s[i:])
			b, units = appendRune(b, units, r)
			i += size
		}
	}
}

// appendRune adds r to the UTF-8 bytes, or to the UTF-16 units once there are some.
func appendRune(b []byte, units []uint16, r rune) ([]byte, []uint16) {
	if units != nil {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			return b, append(units, uint16(r1), uint16(r2))
		}
		return b, append(units, uint16(r))
	}
	return utf8.AppendRune(b, r), nil
}

// hex4 is the four hex digits at i.
func (p *jsonParser) hex4(i int) uint16 {
	if i+4 > len(p.s) {
		p.fail("Bad Unicode escape in JSON")
	}
	var u uint16
	for _, c := range []byte(p.s[i : i+4]) {
		var d byte
		switch {
		case '0' <= c && c <= '9':
			d = c - '0'
		case 'a' <= c && c <= 'f':
			d = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			d = c - 'A' + 10
		default:
			p.fail("Bad Unicode escape in JSON")
		}
		u = u<<4 | uint16(d)
	}
	return u
}

func (p *jsonParser) number() Value {
	start := p.pos
	i := p.pos
	neg := p.s[i] == '-'
	if neg {
		i++
	}
	digits := i
	switch {
	case i < len(p.s) && p.s[i] == '0':
		i++
	case i < len(p.s) && '1' <= p.s[i] && p.s[i] <= '9':
		for i < len(p.s) && '0' <= p.s[i] && p.s[i] <= '9' {
			i++
		}
	default:
		p.fail("No number after minus sign in JSON")
	}
	integer := true
	if i < len(p.s) && p.s[i] == '.' {
		integer = false
		i++
		if i >= len(p.s) || p.s[i] < '0' || p.s[i] > '9' {
			p.fail("Unterminated fractional number in JSON")
		}
		for i < len(p.s) && '0' <= p.s[i] && p.s[i] <= '9' {
			i++
		}
	}
	if i < len(p.s) && (p.s[i] == 'e' || p.s[i] == 'E') {
		integer = false
		i++
		if i < len(p.s) && (p.s[i] == '+' || p.s[i] == '-') {
			i++
		}
		if i >= len(p.s) || p.s[i] < '0' || p.s[i] > '9' {
			p.fail("Exponent part is missing a number in JSON")
		}
		for i < len(p.s) && '0' <= p.s[i] && p.s[i] <= '9' {
			i++
		}
	}
	p.pos = i
	if integer && i-digits <= 15 {
		var n int64
		for _, c := range []byte(p.s[digits:i]) {
			n = n*10 + int64(c-'0')
		}
		if neg {
			if n == 0 {
				return _negativeZero
			}
			n = -n
		}
		return intToValue(n)
	}
	f, err := strconv.ParseFloat(p.s[start:i], 64)
	if err != nil && !math.IsInf(f, 0) {
		p.fail("Bad number in JSON")
	}
	return floatToValue(f)
}
