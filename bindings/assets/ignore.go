package assets

import (
	"regexp"
	"strings"
)

// Ignore is a list of gitignore patterns (.assetsignore, a Workers Site's include and
// exclude), matched as the `ignore` npm package wrangler uses matches them: a pattern
// without a slash matches a name at any depth, a leading slash anchors it, a trailing
// slash matches directories only, `*` and `?` stay within a segment, `**` crosses them,
// `!` re-includes, and whatever is under an ignored directory is ignored.
type Ignore struct {
	rules []ignoreRule
}

type ignoreRule struct {
	re      *regexp.Regexp
	negate  bool
	dirOnly bool
}

// NewIgnore compiles patterns (one per entry; blank entries and # comments are skipped).
func NewIgnore(patterns ...string) *Ignore {
	ig := &Ignore{}
	for _, p := range patterns {
		ig.Add(p)
	}
	return ig
}

// Add compiles one more pattern.
func (ig *Ignore) Add(pattern string) {
	p := strings.TrimRight(pattern, "\r")
	// Trailing spaces are dropped unless escaped.
	for strings.HasSuffix(p, " ") && !strings.HasSuffix(p, `\ `) {
		p = p[:len(p)-1]
	}
	if p == "" || strings.HasPrefix(p, "#") {
		return
	}
	r := ignoreRule{}
	if strings.HasPrefix(p, "!") {
		r.negate, p = true, p[1:]
	} else if strings.HasPrefix(p, `\!`) || strings.HasPrefix(p, `\#`) {
		p = p[1:]
	}
	if strings.HasSuffix(p, "/") {
		r.dirOnly, p = true, strings.TrimRight(p, "/")
	}
	if p == "" {
		return
	}
	anchored := strings.Contains(p, "/")
	p = strings.TrimPrefix(p, "/")
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '*' && strings.HasPrefix(p[i:], "**/"):
			b.WriteString("(?:.*/)?")
			i += 2
		case c == '*' && strings.HasPrefix(p[i:], "**") && i+2 == len(p):
			b.WriteString(".*")
			i++
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		case c == '[':
			end := strings.IndexByte(p[i+1:], ']')
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := p[i+1 : i+1+end]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += end + 1
		case c == '\\' && i+1 < len(p):
			i++
			b.WriteString(regexp.QuoteMeta(string(p[i])))
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return // as the ignore package drops a pattern it cannot use
	}
	r.re = re
	ig.rules = append(ig.rules, r)
}

// Ignored reports whether a file at rel (a slash-separated path relative to the root,
// without a leading slash) is ignored.
func (ig *Ignore) Ignored(rel string) bool {
	if ig == nil || len(ig.rules) == 0 {
		return false
	}
	// A file under an ignored directory is ignored, whatever its own rules say.
	for i := strings.IndexByte(rel, '/'); i >= 0; {
		if ig.match(rel[:i], true) {
			return true
		}
		next := strings.IndexByte(rel[i+1:], '/')
		if next < 0 {
			break
		}
		i += next + 1
	}
	return ig.match(rel, false)
}

// match is the last matching rule's verdict for one path.
func (ig *Ignore) match(path string, isDir bool) bool {
	ignored := false
	for _, r := range ig.rules {
		if r.dirOnly && !isDir {
			continue
		}
		if r.negate != ignored {
			continue // only a rule that would change the verdict matters
		}
		if r.re.MatchString(path) {
			ignored = !r.negate
		}
	}
	return ignored
}
