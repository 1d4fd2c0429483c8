package webapi

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// v8JSONError is V8's message for JSON.parse(text) failing, which code commonly shows
// (hono answers `err.message` for a bad request body): `Unexpected token 'p', "plain
// text" is not valid JSON`, `Expected property name or '}' in JSON at position 1 (line 1
// column 2)`, and the rest of V8's json-parser messages, checked against workerd
// (wrangler 4.86.0) on a corpus of 55 bad inputs. goja's parser reports Go's texts, so
// this scans the text the way V8's parser does, only after goja rejected it. Positions
// count UTF-16 code units, as in JS. It returns "" if it finds no error.
func v8JSONError(text string) string {
	s := &jsonScan{u: utf16.Encode([]rune(text))}
	s.space()
	if s.value() {
		s.space()
		if s.i < len(s.u) {
			s.fail("Unexpected non-whitespace character after JSON")
		}
	}
	return s.err
}

// jsonScan is one scan; err is set at the first error and the scan stops.
type jsonScan struct {
	u   []uint16
	i   int
	err string
}

const jsonEOS = -1

func (s *jsonScan) peek() int {
	if s.i >= len(s.u) {
		return jsonEOS
	}
	return int(s.u[s.i])
}

func (s *jsonScan) space() {
	for s.i < len(s.u) {
		switch s.u[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// fail sets a positional message: msg in JSON at position N (line L column C).
func (s *jsonScan) fail(msg string) bool {
	line, lineStart := 1, 0
	for k := 0; k < s.i; k++ {
		c := s.u[k]
		if c == '\r' && k < s.i-1 && s.u[k+1] == '\n' {
			k++ // \r\n is one line break
		}
		if c == '\r' || c == '\n' {
			line++
			lineStart = k + 1
		}
	}
	where := " in JSON"
	if strings.HasSuffix(msg, "after JSON") {
		where = "" // V8's one message that names JSON itself
	}
	s.err = fmt.Sprintf("%s%s at position %d (line %d column %d)", msg, where, s.i, line, s.i-lineStart+1)
	return false
}

// unexpected reports the character at the cursor as V8 reports an unexpected token.
func (s *jsonScan) unexpected() bool {
	c := s.peek()
	switch {
	case c == jsonEOS:
		s.err = "Unexpected end of JSON input"
		return false
	case c == '-' || ('0' <= c && c <= '9'):
		return s.fail("Unexpected number")
	case c == '"':
		return s.fail("Unexpected string")
	}
	src := string(utf16.Decode(s.u))
	for _, special := range [...]string{"[object Object]", "undefined", "Infinity", "NaN"} {
		if src == special {
			s.err = fmt.Sprintf("%q is not valid JSON", special)
			return false
		}
	}
	token := string(utf16.Decode(s.u[s.i : s.i+1]))
	if utf16.IsSurrogate(rune(c)) && s.i+1 < len(s.u) {
		token = string(utf16.Decode(s.u[s.i : s.i+2]))
	}
	const context = 10 // V8's kMaxContextCharacters
	n := len(s.u)
	quote := func(from, to int) string { return string(utf16.Decode(s.u[from:to])) }
	switch {
	case n < 2*context+1:
		s.err = fmt.Sprintf("Unexpected token '%s', \"%s\" is not valid JSON", token, src)
	case s.i < context:
		s.err = fmt.Sprintf("Unexpected token '%s', \"%s\"... is not valid JSON", token, quote(0, s.i+context))
	case s.i < n-context:
		s.err = fmt.Sprintf("Unexpected token '%s', ...\"%s\"... is not valid JSON", token, quote(s.i-context, s.i+context))
	default:
		s.err = fmt.Sprintf("Unexpected token '%s', ...\"%s\" is not valid JSON", token, quote(s.i-context, n))
	}
	return false
}

func (s *jsonScan) value() bool {
	switch c := s.peek(); {
	case c == '"':
		return s.string()
	case c == '-' || ('0' <= c && c <= '9'):
		return s.number()
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.unexpected()
}

// literal matches true/false/null; the first mismatch is the unexpected token.
func (s *jsonScan) literal(word string) bool {
	for k := 0; k < len(word); k++ {
		if s.peek() != int(word[k]) {
			return s.unexpected()
		}
		s.i++
	}
	return true
}

func (s *jsonScan) object() bool {
	s.i++ // {
	s.space()
	if s.peek() == '}' {
		s.i++
		return true
	}
	for first := true; ; first = false {
		if s.peek() != '"' {
			if first {
				return s.fail("Expected property name or '}'")
			}
			return s.fail("Expected double-quoted property name")
		}
		if !s.string() {
			return false
		}
		s.space()
		if s.peek() != ':' {
			return s.fail("Expected ':' after property name")
		}
		s.i++
		s.space()
		if !s.value() {
			return false
		}
		if more, ok := s.after('}', "Expected ',' or '}' after property value"); !more {
			return ok
		}
	}
}

// after reads what follows an element: a comma (more follow) or the closing bracket.
func (s *jsonScan) after(closing int, msg string) (more, ok bool) {
	s.space()
	switch s.peek() {
	case ',':
		s.i++
		s.space()
		return true, true
	case closing:
		s.i++
		return false, true
	}
	return false, s.fail(msg)
}

func (s *jsonScan) array() bool {
	s.i++ // [
	s.space()
	if s.peek() == ']' {
		s.i++
		return true
	}
	for {
		if !s.value() {
			return false
		}
		if more, ok := s.after(']', "Expected ',' or ']' after array element"); !more {
			return ok
		}
	}
}

func (s *jsonScan) string() bool {
	s.i++ // "
	for {
		c := s.peek()
		switch {
		case c == jsonEOS:
			return s.fail("Unterminated string")
		case c == '"':
			s.i++
			return true
		case c < 0x20:
			return s.fail("Bad control character in string literal")
		case c == '\\':
			s.i++
			switch e := s.peek(); e {
			case jsonEOS:
				return s.fail("Unterminated string")
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				s.i++
				for k := 0; k < 4; k++ {
					if !isHexDigit(s.peek()) {
						return s.fail("Bad Unicode escape")
					}
					s.i++
				}
			default:
				return s.fail("Bad escaped character")
			}
		default:
			s.i++
		}
	}
}

func (s *jsonScan) number() bool {
	digit := func() bool { c := s.peek(); return '0' <= c && c <= '9' }
	if s.peek() == '-' {
		s.i++
		if !digit() {
			return s.fail("No number after minus sign")
		}
	}
	if s.peek() == '0' {
		s.i++
		if digit() {
			return s.fail("Unexpected number")
		}
	} else {
		for digit() {
			s.i++
		}
	}
	if s.peek() == '.' {
		s.i++
		if !digit() {
			return s.fail("Unterminated fractional number")
		}
		for digit() {
			s.i++
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if !digit() {
			return s.fail("Exponent part is missing a number")
		}
		for digit() {
			s.i++
		}
	}
	return true
}

func isHexDigit(c int) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}
