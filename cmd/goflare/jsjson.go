package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// The kv commands print JSON the way wrangler's JavaScript does (JSON.parse then
// JSON.stringify): object keys in JavaScript's property order, numbers as JavaScript
// writes them, strings escaped as JSON.stringify escapes them. encoding/json differs on
// all three (sorted map keys, Go number text, \u003c for "<"), so scripts comparing
// outputs would see differences. A parsed value is nil, bool, float64, string, []any or
// *jsObject.

// jsObject is a JSON object with JavaScript's property order: integer-like keys first in
// ascending order, then the others in insertion order; a repeated key keeps its first
// place and its last value.
type jsObject struct {
	keys []string
	vals map[string]any
}

func newJSObject() *jsObject { return &jsObject{vals: map[string]any{}} }

// set adds or replaces a property.
func (o *jsObject) set(k string, v any) {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
}

// get returns a property and whether it exists.
func (o *jsObject) get(k string) (any, bool) {
	v, ok := o.vals[k]
	return v, ok
}

// ordered returns the keys in JavaScript's enumeration order.
func (o *jsObject) ordered() []string {
	var ints, rest []string
	for _, k := range o.keys {
		if isArrayIndex(k) {
			ints = append(ints, k)
		} else {
			rest = append(rest, k)
		}
	}
	sort.Slice(ints, func(i, j int) bool {
		a, _ := strconv.ParseUint(ints[i], 10, 32)
		b, _ := strconv.ParseUint(ints[j], 10, 32)
		return a < b
	})
	return append(ints, rest...)
}

// isArrayIndex reports whether k is a canonical array index ("0", "17", not "017").
func isArrayIndex(k string) bool {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return false
	}
	n, err := strconv.ParseUint(k, 10, 64)
	return err == nil && n < math.MaxUint32
}

// jsonSyntaxError is a JSON syntax error with the byte offset where it was found.
type jsonSyntaxError struct {
	msg    string
	offset int
}

func (e *jsonSyntaxError) Error() string { return e.msg }

// jsParse parses strict JSON text (no comments, no trailing commas) as JSON.parse does.
// A syntax error is a *jsonSyntaxError.
func jsParse(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := parseValue(dec)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return nil, &jsonSyntaxError{"unexpected data after the JSON value", int(dec.InputOffset())}
		}
		return v, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, &jsonSyntaxError{se.Error(), int(se.Offset)}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return nil, &jsonSyntaxError{"unexpected end of JSON input", len(data)}
	}
	return nil, &jsonSyntaxError{err.Error(), int(dec.InputOffset())}
}

func parseValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newJSObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				o.set(kt.(string), v)
			}
			_, err := dec.Token()
			return o, err
		case '[':
			a := []any{}
			for dec.More() {
				v, err := parseValue(dec)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := dec.Token()
			return a, err
		}
		return nil, fmt.Errorf("unexpected %q", t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, err
		}
		return f, nil
	default:
		return t, nil // string, bool or nil
	}
}

// jsStringify writes v as JSON.stringify(v, null, indent) does ("" for compact).
func jsStringify(v any, indent string) string {
	var b strings.Builder
	writeJS(&b, v, indent, "")
	return b.String()
}

func writeJS(b *strings.Builder, v any, indent, cur string) {
	inner := cur + indent
	sep := ":"
	if indent != "" {
		sep = ": "
	}
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(t))
	case float64:
		b.WriteString(jsNumber(t))
	case string:
		b.WriteString(jsQuote(t))
	case []any:
		writeList(b, '[', ']', len(t), indent, cur, func(i int) { writeJS(b, t[i], indent, inner) })
	case *jsObject:
		keys := t.ordered()
		writeList(b, '{', '}', len(keys), indent, cur, func(i int) {
			b.WriteString(jsQuote(keys[i]))
			b.WriteString(sep)
			writeJS(b, t.vals[keys[i]], indent, inner)
		})
	case json.RawMessage:
		b.Write(t)
	default:
		panic(fmt.Sprintf("jsStringify: unexpected %T", v))
	}
}

// writeList writes n items between open and close as JSON.stringify lays them out: one
// a line, indented, when indent is set; "[]" or "{}" when there are none.
func writeList(b *strings.Builder, open, close byte, n int, indent, cur string, item func(i int)) {
	b.WriteByte(open)
	if n == 0 {
		b.WriteByte(close)
		return
	}
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if indent != "" {
			b.WriteString("\n" + cur + indent)
		}
		item(i)
	}
	if indent != "" {
		b.WriteString("\n" + cur)
	}
	b.WriteByte(close)
}

// jsQuote quotes s as JSON.stringify does: only ", \ and control characters are escaped.
func jsQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			fmt.Fprintf(&b, `\u%04x`, c)
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
	return b.String()
}

// jsNumber writes f as JavaScript's Number.prototype.toString does (ECMA-262
// Number::toString), and JSON's null for NaN and the infinities.
func jsNumber(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "null"
	}
	if f == 0 {
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	// The shortest digits that round-trip, and the decimal exponent n such that the
	// value is 0.digits × 10^n.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	n, k := x+1, len(digits)
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	ex := strconv.Itoa(abs(n - 1))
	if k == 1 {
		return sign + digits + "e" + es + ex
	}
	return sign + digits[:1] + "." + digits[1:] + "e" + es + ex
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// jsTypeof is JavaScript's typeof of a parsed value.
func jsTypeof(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	default:
		return "object" // null, arrays and objects
	}
}

// jsToString is String(v) for a parsed value, as a template literal shows it.
func jsToString(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case string:
		return t
	case *jsObject:
		return "[object Object]"
	case []any:
		parts := make([]string, len(t))
		for i, e := range t {
			if e != nil {
				parts[i] = jsToString(e)
			}
		}
		return strings.Join(parts, ",")
	default:
		return jsStringify(v, "")
	}
}
