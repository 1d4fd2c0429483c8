package webapi

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/goflare/goflare/runtime/jsx"
)

// The selectors HTMLRewriter takes (lol-html's set): compound selectors of a tag or *,
// .class, #id, [attr] with =, ~=, ^=, $=, *=, |= and an i flag, :first-child,
// :nth-child(), :first-of-type, :nth-of-type(), :not(); joined by descendant and child
// combinators; listed with commas.

// selPart is one simple selector of a compound one.
type selPart struct {
	any           bool
	tag, cls, id  string
	attr, op, val string
	ci            bool
	nthA, nthB    int
	nth, ofType   bool
	not           []selPart
}

type selStep struct {
	child bool // > (else descendant), of the step before
	parts []selPart
}

type selChain []selStep

var identRE = regexp.MustCompile(`^-?[_a-zA-Z\x{00a0}-\x{ffff}][-_a-zA-Z0-9\x{00a0}-\x{ffff}]*`)

// parseSelector reads a selector list; a bad one is lol-html's TypeError.
func parseSelector(s string) (list []selChain, err error) {
	p := &selParser{s: s}
	defer func() {
		if x := recover(); x != nil {
			e, ok := x.(selError)
			if !ok {
				panic(x)
			}
			list, err = nil, jsx.TypeError(string(e))
		}
	}()
	func() {
		for {
			p.ws()
			chain := selChain{{parts: p.compound()}}
			for {
				before := p.i
				p.ws()
				if p.i >= len(p.s) || p.s[p.i] == ',' {
					break
				}
				child := false
				if p.s[p.i] == '>' {
					child = true
					p.i++
					p.ws()
				} else if before == p.i {
					p.unexpected()
				}
				chain = append(chain, selStep{child: child, parts: p.compound()})
			}
			list = append(list, chain)
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			break
		}
	}()
	return list, nil
}

// selError is a selector's parse error, thrown inside the parser.
type selError string

type selParser struct {
	s string
	i int
}

func (p *selParser) fail(why string) { panic(selError("Parser error: " + why)) }

func (p *selParser) unexpected() {
	if p.i >= len(p.s) {
		p.fail("Unexpected end of selector.")
	}
	p.fail(`Unexpected character "` + string(p.s[p.i]) + `" in selector.`)
}

func (p *selParser) ws() {
	for p.i < len(p.s) && strings.ContainsRune(" \t\n\r\f", rune(p.s[p.i])) {
		p.i++
	}
}

func (p *selParser) ident() string {
	m := identRE.FindString(p.s[p.i:])
	if m == "" {
		p.unexpected()
	}
	p.i += len(m)
	return m
}

func (p *selParser) compound() []selPart {
	var parts []selPart
	if p.i < len(p.s) && p.s[p.i] == '*' {
		p.i++
		parts = append(parts, selPart{any: true})
	} else if p.i < len(p.s) && (p.s[p.i] == '_' || p.s[p.i] == '-' || p.s[p.i] >= 'a' && p.s[p.i] <= 'z' || p.s[p.i] >= 'A' && p.s[p.i] <= 'Z') {
		parts = append(parts, selPart{tag: strings.ToLower(p.ident())})
	}
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '.':
			p.i++
			parts = append(parts, selPart{cls: p.ident()})
			continue
		case '#':
			p.i++
			parts = append(parts, selPart{id: p.ident()})
			continue
		case '[':
			p.i++
			p.ws()
			part := selPart{attr: strings.ToLower(p.ident())}
			p.ws()
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				parts = append(parts, part)
				continue
			}
			op := regexp.MustCompile(`^[~^$*|]?=`).FindString(p.s[p.i:])
			if op == "" {
				p.unexpected()
			}
			part.op = op
			p.i += len(op)
			p.ws()
			if p.i < len(p.s) && (p.s[p.i] == '"' || p.s[p.i] == '\'') {
				q := p.s[p.i]
				j := strings.IndexByte(p.s[p.i+1:], q)
				if j < 0 {
					p.i = len(p.s)
					p.unexpected()
				}
				part.val = p.s[p.i+1 : p.i+1+j]
				p.i += j + 2
			} else {
				part.val = p.ident()
			}
			p.ws()
			if p.i < len(p.s) && (p.s[p.i] == 'i' || p.s[p.i] == 'I') {
				part.ci = true
				p.i++
				p.ws()
			}
			if p.i >= len(p.s) || p.s[p.i] != ']' {
				p.unexpected()
			}
			p.i++
			parts = append(parts, part)
			continue
		case ':':
			p.i++
			name := strings.ToLower(p.ident())
			switch name {
			case "first-child", "first-of-type":
				parts = append(parts, selPart{nth: true, nthA: 0, nthB: 1, ofType: name == "first-of-type"})
			case "nth-child", "nth-of-type", "not":
				if p.i >= len(p.s) || p.s[p.i] != '(' {
					p.unexpected()
				}
				p.i++
				p.ws()
				if name == "not" {
					inner := p.compound()
					p.ws()
					if p.i >= len(p.s) || p.s[p.i] != ')' {
						p.unexpected()
					}
					p.i++
					parts = append(parts, selPart{not: inner})
				} else {
					j := strings.IndexByte(p.s[p.i:], ')')
					if j < 0 {
						p.i = len(p.s)
						p.unexpected()
					}
					a, b, ok := parseNth(strings.TrimSpace(p.s[p.i : p.i+j]))
					if !ok {
						p.fail("Invalid nth-child expression.")
					}
					parts = append(parts, selPart{nth: true, nthA: a, nthB: b, ofType: name == "nth-of-type"})
					p.i += j + 1
				}
			default:
				p.fail("Unsupported pseudo-class or pseudo-element in selector.")
			}
			continue
		}
		break
	}
	if len(parts) == 0 {
		p.unexpected()
	}
	return parts
}

var nthRE = regexp.MustCompile(`^([+-]?\d*)n\s*(?:([+-])\s*(\d+))?$`)

func parseNth(t string) (a, b int, ok bool) {
	switch t {
	case "odd":
		return 2, 1, true
	case "even":
		return 2, 0, true
	}
	if m := nthRE.FindStringSubmatch(t); m != nil {
		switch m[1] {
		case "", "+":
			a = 1
		case "-":
			a = -1
		default:
			a, _ = strconv.Atoi(m[1])
		}
		if m[3] != "" {
			b, _ = strconv.Atoi(m[3])
			if m[2] == "-" {
				b = -b
			}
		}
		return a, b, true
	}
	n, err := strconv.Atoi(t)
	return 0, n, err == nil
}

// hnode is an element as the selectors see it.
type hnode struct {
	name      string
	attrs     [][2]string
	index     int // among its parent's element children, from 1
	typeIndex int // among those of its tag
}

func (n *hnode) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a[0] == name {
			return a[1], true
		}
	}
	return "", false
}

func matchCompound(parts []selPart, n *hnode) bool {
	for _, p := range parts {
		switch {
		case p.any:
		case p.tag != "":
			if p.tag != n.name {
				return false
			}
		case p.cls != "":
			v, _ := n.attr("class")
			if !slicesContainsField(v, p.cls) {
				return false
			}
		case p.id != "":
			if v, ok := n.attr("id"); !ok || v != p.id {
				return false
			}
		case p.attr != "":
			v, ok := n.attr(p.attr)
			if !ok {
				return false
			}
			if p.op != "" && !attrMatches(v, p.op, p.val, p.ci) {
				return false
			}
		case p.nth:
			pos := n.index
			if p.ofType {
				pos = n.typeIndex
			}
			if p.nthA == 0 {
				if pos != p.nthB {
					return false
				}
			} else if d := pos - p.nthB; d/p.nthA < 0 || d%p.nthA != 0 {
				return false
			}
		case p.not != nil:
			if matchCompound(p.not, n) {
				return false
			}
		}
	}
	return true
}

func slicesContainsField(s, want string) bool {
	for _, f := range strings.Fields(s) {
		if f == want {
			return true
		}
	}
	return false
}

func attrMatches(v, op, want string, ci bool) bool {
	if ci {
		v, want = strings.ToLower(v), strings.ToLower(want)
	}
	switch op {
	case "=":
		return v == want
	case "~=":
		return slicesContainsField(v, want)
	case "^=":
		return want != "" && strings.HasPrefix(v, want)
	case "$=":
		return want != "" && strings.HasSuffix(v, want)
	case "*=":
		return want != "" && strings.Contains(v, want)
	}
	return v == want || strings.HasPrefix(v, want+"-") // |=
}

// matchChain tries a selector chain on n, with stack its open ancestors (outermost first).
func matchChain(chain selChain, n *hnode, stack []*hnode) bool {
	var test func(k int, node *hnode, depth int) bool
	test = func(k int, node *hnode, depth int) bool {
		if !matchCompound(chain[k].parts, node) {
			return false
		}
		if k == 0 {
			return true
		}
		if chain[k].child {
			return depth > 0 && test(k-1, stack[depth-1], depth-1)
		}
		for d := depth - 1; d >= 0; d-- {
			if test(k-1, stack[d], d) {
				return true
			}
		}
		return false
	}
	return test(len(chain)-1, n, len(stack))
}
