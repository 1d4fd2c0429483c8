package goja

// goflare: patch 9, the Unicode property escapes regexp2 lacks. ECMAScript requires
// \p{ID_Start}, \p{ID_Continue}, \p{Alphabetic}, \p{Any}, \p{ASCII}, \p{Assigned},
// \p{Lowercase}, \p{Uppercase} (and XID_*), and \p{Script=Latin} / \p{sc=…} /
// \p{scx=…}; regexp2 refuses them ("unknown unicode category"), so a library using one
// (js-tokens, which @vitest/utils and Babel's code frames use) did not load. Before a
// pattern with the u or v flag reaches regexp2, each such escape becomes the character
// class of its code points, computed from Go's unicode tables.

import (
	"fmt"
	"io"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// propertyRanges are the code point ranges of a property, computed once.
var propertyRanges sync.Map // name → []rangePair

type rangePair struct{ lo, hi rune }

// binaryProperty is the membership test of each property handled here.
var binaryProperty = map[string]func(r rune) bool{
	"ID_Start":     idStart,
	"XID_Start":    idStart,
	"ID_Continue":  idContinue,
	"XID_Continue": idContinue,
	"Alphabetic": func(r rune) bool {
		return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Lm, unicode.Lo, unicode.Nl, unicode.Other_Alphabetic)
	},
	"Lowercase": func(r rune) bool { return unicode.In(r, unicode.Ll, unicode.Other_Lowercase) },
	"Uppercase": func(r rune) bool { return unicode.In(r, unicode.Lu, unicode.Other_Uppercase) },
	"Any":       func(rune) bool { return true },
	"ASCII":     func(r rune) bool { return r < 0x80 },
	"Assigned": func(r rune) bool {
		for _, t := range unicode.Categories {
			if unicode.Is(t, r) {
				return true
			}
		}
		return false
	},
}

// propertyAliases are the other names ECMAScript accepts for them.
var propertyAliases = map[string]string{
	"IDS": "ID_Start", "IDC": "ID_Continue", "XIDS": "XID_Start", "XIDC": "XID_Continue",
	"Alpha": "Alphabetic", "Lower": "Lowercase", "Upper": "Uppercase",
}

func idStart(r rune) bool {
	return unicode.In(r, unicode.L, unicode.Nl, unicode.Other_ID_Start) && !unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

func idContinue(r rune) bool {
	return (idStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)) &&
		!unicode.In(r, unicode.Pattern_Syntax, unicode.Pattern_White_Space)
}

// rangesOf is the property's ranges (nil for a name not handled here).
func rangesOf(name string) []rangePair {
	if v, ok := propertyRanges.Load(name); ok {
		return v.([]rangePair)
	}
	in, ok := binaryProperty[name]
	if !ok {
		return nil
	}
	var out []rangePair
	start := rune(-1)
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		member := r <= unicode.MaxRune && (r < 0xD800 || r > 0xDFFF) && in(r)
		switch {
		case member && start < 0:
			start = r
		case !member && start >= 0:
			out = append(out, rangePair{start, r - 1})
			start = -1
		}
	}
	propertyRanges.Store(name, out)
	return out
}

// complement is the code points outside rs (surrogates left out).
func complement(rs []rangePair) []rangePair {
	var out []rangePair
	next := rune(0)
	for _, p := range rs {
		if p.lo > next {
			out = append(out, rangePair{next, p.lo - 1})
		}
		next = p.hi + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, rangePair{next, unicode.MaxRune})
	}
	// Without the surrogates, which a u-flag pattern never matches alone.
	var noSurrogates []rangePair
	for _, p := range out {
		if p.hi < 0xD800 || p.lo > 0xDFFF {
			noSurrogates = append(noSurrogates, p)
			continue
		}
		if p.lo < 0xD800 {
			noSurrogates = append(noSurrogates, rangePair{p.lo, 0xD7FF})
		}
		if p.hi > 0xDFFF {
			noSurrogates = append(noSurrogates, rangePair{0xE000, p.hi})
		}
	}
	return noSurrogates
}

func writeRanges(b *strings.Builder, rs []rangePair) {
	for _, p := range rs {
		fmt.Fprintf(b, `\u{%X}`, p.lo)
		if p.hi > p.lo {
			fmt.Fprintf(b, `-\u{%X}`, p.hi)
		}
	}
}

// rewritePropertyEscapes replaces the property escapes regexp2 does not know in a u- or
// v-flag pattern; any other text is left as it is.
func rewritePropertyEscapes(src string) string {
	if !strings.Contains(src, `\p{`) && !strings.Contains(src, `\P{`) {
		return src
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\\' && i+1 < len(src) {
			if (src[i+1] == 'p' || src[i+1] == 'P') && i+2 < len(src) && src[i+2] == '{' {
				if end := strings.IndexByte(src[i+3:], '}'); end >= 0 {
					name := src[i+3 : i+3+end]
					if repl, ok := propertyClass(name, src[i+1] == 'P', inClass); ok {
						b.WriteString(repl)
						i += 3 + end
						continue
					}
				}
			}
			b.WriteByte(c)
			b.WriteByte(src[i+1])
			i++
			continue
		}
		switch c {
		case '[':
			inClass = true
		case ']':
			inClass = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// propertyClass is what replaces \p{name} (\P when negate): ok false to leave it be.
func propertyClass(name string, negate, inClass bool) (string, bool) {
	if k, v, found := strings.Cut(name, "="); found {
		switch k {
		case "Script", "sc", "Script_Extensions", "scx":
			if _, ok := unicode.Scripts[v]; ok {
				if negate {
					return `\P{` + v + `}`, true
				}
				return `\p{` + v + `}`, true
			}
		}
		return "", false
	}
	if alias, ok := propertyAliases[name]; ok {
		name = alias
	}
	rs := rangesOf(name)
	if rs == nil {
		return "", false
	}
	if negate {
		rs = complement(rs)
	}
	var b strings.Builder
	if !inClass {
		b.WriteByte('[')
	}
	writeRanges(&b, rs)
	if !inClass {
		b.WriteByte(']')
	}
	return b.String(), true
}

// goflare: patch 13, Go's regexp (RE2) as JavaScript's loop, stoppable. Go's FindAll
// skips an empty match right after a match, where the standard takes it
// ("ab".replace(/b*/g, "-") is "-a--" in V8, goja said "-a-"); it also made every match
// before anything could stop it, so `s.replace(/a/g, "b")` over a long string ran on
// after the CPU limit's 503 and its results could take gigabytes; and a single match
// over hundreds of megabytes was one uninterruptible call.

// re2InterruptibleLen is the length (bytes or code units) from which a match reads its
// input through interruptibleReader: below it a whole match takes a few milliseconds at
// most, and Go's string matcher is several times faster than its reader matcher.
const re2InterruptibleLen = 1 << 20

// re2ReadsContext reports whether the RE2 pattern src looks at the text before where a
// match starts (^, \b, \B): matching it against s[pos:] is then not matching s from pos.
func re2ReadsContext(src string) bool {
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return true
	}
	var reads func(*syntax.Regexp) bool
	reads = func(re *syntax.Regexp) bool {
		switch re.Op {
		case syntax.OpBeginLine, syntax.OpBeginText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
			return true
		}
		for _, sub := range re.Sub {
			if reads(sub) {
				return true
			}
		}
		return false
	}
	return reads(re)
}

// interruptibleReader is a RuneReader that ends early once the runtime is interrupted
// (looking every 64Ki runes), so that a match over a long input stops at the limits.
type interruptibleReader struct {
	rd      io.RuneReader
	vm      *vm
	n       uint32
	stopped bool
}

// ReadRune is the next rune of the input, or io.EOF once the runtime is interrupted.
func (rd *interruptibleReader) ReadRune() (rune, int, error) {
	rd.n++
	if rd.n&0xffff == 0 && atomic.LoadUint32(&rd.vm.interrupted) != 0 {
		rd.stopped = true
		return 0, 0, io.EOF
	}
	return rd.rd.ReadRune()
}

// findReader is re's first match in the input of in (n runes long), stopped by the
// runtime's interrupt when the input is long.
func findReader(rt *Runtime, re *regexp.Regexp, in io.RuneReader, n int) []int {
	if n < re2InterruptibleLen {
		return re.FindReaderSubmatchIndex(in)
	}
	rd := &interruptibleReader{rd: in, vm: rt.vm}
	loc := re.FindReaderSubmatchIndex(rd)
	if rd.stopped {
		rt.checkInterrupt()
	}
	return loc
}

// findAt is the pattern's first match in s at or after byte pos, as indexes into s.
// For pos > 0 the pattern must not read before its start (re2ReadsContext).
func (r *regexpWrapper) findAt(rt *Runtime, s string, pos int) []int {
	re := (*regexp.Regexp)(r)
	var loc []int
	if len(s)-pos < re2InterruptibleLen {
		loc = re.FindStringSubmatchIndex(s[pos:])
	} else {
		loc = findReader(rt, re, strings.NewReader(s[pos:]), len(s)-pos)
	}
	if pos != 0 {
		for i, v := range loc {
			if v >= 0 {
				loc[i] = v + pos
			}
		}
	}
	return loc
}

// findAllJS is up to limit matches (limit < 0: all) from byte start, found as the
// standard's global loop finds them: the next search starts where a match ended, one
// character further after an empty match (a code point when runes, s being UTF-8);
// with sticky each match must start where the search does. It stops at the runtime's
// interrupt between matches.
func (r *regexpWrapper) findAllJS(rt *Runtime, s string, start, limit int, sticky, runes bool) []regexpResult {
	names := (*regexp.Regexp)(r).SubexpNames()
	var results []regexpResult
	for pos := start; pos <= len(s) && (limit < 0 || len(results) < limit); {
		rt.checkInterrupt()
		loc := r.findAt(rt, s, pos)
		if loc == nil || sticky && loc[0] != pos {
			break
		}
		results = appendResult(results, regexpResult{indexes: loc, groups: names})
		pos = loc[1]
		if loc[0] == loc[1] {
			if pos >= len(s) {
				break
			}
			if runes {
				_, n := utf8.DecodeRuneInString(s[pos:])
				pos += n
			} else {
				pos++
			}
		}
	}
	return results
}

// appendResult appends v to results, doubling the capacity when full: append grows a
// long slice by a quarter, which copied the results of a match-heavy replace several
// times over, where goja had made room for len(s)+1 results at first.
func appendResult(results []regexpResult, v regexpResult) []regexpResult {
	if len(results) == cap(results) && cap(results) >= 256 {
		grown := make([]regexpResult, len(results), 2*cap(results))
		copy(grown, results)
		results = grown
	}
	return append(results, v)
}

// goflare: patch 15. runeCache is the last long ASCII string regexp2 was given, as runes. A lexer matches
// its rules against what is left of its input (`src = src.substring(token.raw.length)`,
// as marked does), and goja made the runes of the whole rest for each rule tried: the
// runes of a suffix of that string (a substring ending where it ends, same memory) are a
// slice of them.
type runeCache struct {
	s     string
	runes []rune
}

// runeCacheMin and runeCacheMax bound the length of an ASCII string whose runes are
// kept: the runtime holds them (4 bytes a character) until another string replaces them.
const (
	runeCacheMin = 256
	runeCacheMax = 1 << 20
)

// utf16Runes is s as regexp2 reads it, the cached runes when s is (a suffix of) the
// string converted last. The runes are never written to.
func (r *Runtime) utf16Runes(s String) []rune {
	a, ok := s.(asciiString)
	if !ok || r == nil || len(a) < runeCacheMin || len(a) > runeCacheMax {
		return s.utf16Runes()
	}
	c := &r.runeCache
	if off := len(c.s) - len(a); off >= 0 && unsafe.StringData(c.s[off:]) == unsafe.StringData(string(a)) {
		return c.runes[off:len(c.runes):len(c.runes)]
	}
	runes := a.utf16Runes()
	c.s, c.runes = string(a), runes
	return runes
}
