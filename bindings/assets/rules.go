package assets

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	wurl "github.com/nlnwa/whatwg-url/url"
)

// The _headers and _redirects files: parsed with wrangler's rules and messages
// (workers-shared's parseHeaders, parseRedirects, constructHeaders, constructRedirects),
// matched as its asset worker matches them (rules-engine.ts).

// Limits and constants of workers-shared's configuration.
const (
	maxLineLength           = 2000
	maxHeaderRules          = 100
	maxDynamicRedirectRules = 100
	maxStaticRedirectRules  = 2000
	unsetOperator           = "! "
)

var (
	urlRegex           = regexp.MustCompile(`^https:/+(?P<host>[^/]+)/?(?P<path>.*)`)
	hostWithPortRegex  = regexp.MustCompile(`.*:\d+$`)
	placeholderRegex   = regexp.MustCompile(`:[A-Za-z]\w*`)
	lineIsProbablyPath = regexp.MustCompile(`^([^\s]+://|/)`)
	trailingComment    = regexp.MustCompile(`\s+#.*$`)
	whitespace         = regexp.MustCompile(`\s+`)
	protoPattern       = regexp.MustCompile(`^(\w+://)`)
	manySlashes        = regexp.MustCompile(`/+`)
)

var urlParser = wurl.NewParser()

// invalidRule is a line of a rules file that was skipped, and why.
type invalidRule struct {
	line       string
	lineNumber int
	message    string
}

// extractPathname is workers-shared's: the path (and search, hash) of a path as the URL
// parser normalizes it.
func extractPathname(path string, includeSearch, includeHash bool) (string, error) {
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	u, err := urlParser.ParseRef("relative://", "//"+path)
	if err != nil {
		return "", err
	}
	out := u.Pathname()
	if includeSearch {
		out += u.Search()
	}
	if includeHash {
		out += u.Hash()
	}
	return out, nil
}

// validateURL is workers-shared's validateUrl: the normalized URL, or why not.
func validateURL(token string, onlyRelative, disallowPorts, includeSearch, includeHash bool) (string, string) {
	if m := urlRegex.FindStringSubmatch(token); m != nil && m[1] != "" {
		host, path := m[1], m[2]
		if onlyRelative {
			return "", "Only relative URLs are allowed. Skipping absolute URL " + token + "."
		}
		if disallowPorts && hostWithPortRegex.MatchString(host) {
			return "", "Specifying ports is not supported. Skipping absolute URL " + token + "."
		}
		p, err := extractPathname(path, includeSearch, includeHash)
		if err != nil {
			return "", "Error parsing URL segment " + token + ". Skipping."
		}
		return "https://" + host + p, ""
	}
	if !strings.HasPrefix(token, "/") && onlyRelative {
		token = "/" + token
	}
	if strings.HasPrefix(token, "/") {
		p, err := extractPathname(token, includeSearch, includeHash)
		if err != nil {
			return "", "Error parsing URL segment " + token + ". Skipping."
		}
		return p, ""
	}
	if onlyRelative {
		return "", "URLs should begin with a forward-slash."
	}
	return "", `URLs should either be relative (e.g. begin with a forward-slash), or use HTTPS (e.g. begin with "https://").`
}

func urlHasHost(token string) bool {
	m := urlRegex.FindStringSubmatch(token)
	return m != nil && m[1] != ""
}

// headerRule is one path's headers in _headers.
type headerRule struct {
	path  string
	set   []headerPair // lowercase names, in file order
	unset []string
}

type headerPair struct{ name, value string }

// parseHeaders is workers-shared's parseHeaders.
func parseHeaders(input string) (rules []headerRule, invalid []invalidRule) {
	lines := strings.Split(input, "\n")
	var rule *headerRule
	var ruleLine string
	valid := func(r *headerRule) bool { return len(r.set) > 0 || len(r.unset) > 0 }
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) > maxLineLength {
			invalid = append(invalid, invalidRule{message: fmt.Sprintf("Ignoring line %d as it exceeds the maximum allowed length of %d.", i+1, maxLineLength)})
			continue
		}
		if lineIsProbablyPath.MatchString(line) {
			if len(rules) >= maxHeaderRules {
				invalid = append(invalid, invalidRule{message: fmt.Sprintf("Maximum number of rules supported is %d. Skipping remaining %d lines of file.", maxHeaderRules, len(lines)-i)})
				break
			}
			if rule != nil {
				if valid(rule) {
					rules = append(rules, *rule)
				} else {
					invalid = append(invalid, invalidRule{line: ruleLine, lineNumber: i + 1, message: "No headers specified"})
				}
			}
			path, problem := validateURL(line, false, true, false, false)
			if problem != "" {
				invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: problem})
				rule = nil
				continue
			}
			rule, ruleLine = &headerRule{path: path}, line
			continue
		}
		if !strings.Contains(line, ":") {
			switch {
			case rule == nil:
				invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: "Expected a path beginning with at least one forward-slash"})
			case strings.HasPrefix(line, unsetOperator):
				rule.unset = append(rule.unset, strings.Replace(line, unsetOperator, "", 1))
			default:
				invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: "Expected a colon-separated header pair (e.g. name: value)"})
			}
			continue
		}
		rawName, rawValue, _ := strings.Cut(line, ":")
		name := strings.ToLower(strings.TrimSpace(rawName))
		if strings.Contains(name, " ") {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: "Header name cannot include spaces"})
			continue
		}
		value := strings.TrimSpace(rawValue)
		if name == "" {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: "No header name specified"})
			continue
		}
		if value == "" {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: "No header value specified"})
			continue
		}
		if rule == nil {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: fmt.Sprintf("Path should come before header (%s: %s)", name, value)})
			continue
		}
		found := false
		for j := range rule.set {
			if rule.set[j].name == name {
				rule.set[j].value += ", " + value
				found = true
			}
		}
		if !found {
			rule.set = append(rule.set, headerPair{name, value})
		}
	}
	if rule != nil {
		if valid(rule) {
			rules = append(rules, *rule)
		} else {
			invalid = append(invalid, invalidRule{line: ruleLine, message: "No headers specified"})
		}
	}
	// constructHeaders keys the rules by path: a later rule for the same path replaces
	// the earlier one, in its place.
	var out []headerRule
	at := map[string]int{}
	for _, r := range rules {
		if i, ok := at[r.path]; ok {
			out[i] = r
			continue
		}
		at[r.path] = len(out)
		out = append(out, r)
	}
	return out, invalid
}

// redirectRule is one line of _redirects.
type redirectRule struct {
	from, to   string
	status     int
	lineNumber int
}

// parseRedirects is workers-shared's parseRedirects.
func parseRedirects(input, htmlHandling string) (rules []redirectRule, invalid []invalidRule) {
	lines := strings.Split(input, "\n")
	seen := map[string]bool{}
	staticRules, dynamicRules := 0, 0
	canCreateStatic := true
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) > maxLineLength {
			invalid = append(invalid, invalidRule{message: fmt.Sprintf("Ignoring line %d as it exceeds the maximum allowed length of %d.", i+1, maxLineLength)})
			continue
		}
		tokens := whitespace.Split(trailingComment.ReplaceAllString(line, ""), -1)
		if len(tokens) < 2 || len(tokens) > 3 {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: fmt.Sprintf("Expected exactly 2 or 3 whitespace-separated tokens. Got %d.", len(tokens))})
			continue
		}
		strStatus := "302"
		if len(tokens) == 3 {
			strStatus = tokens[2]
		}
		from, problem := validateURL(tokens[0], true, true, false, false)
		if problem != "" {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: problem})
			continue
		}
		if canCreateStatic && !strings.Contains(from, "*") && !placeholderRegex.MatchString(from) {
			staticRules++
			if staticRules > maxStaticRedirectRules {
				invalid = append(invalid, invalidRule{message: fmt.Sprintf("Maximum number of static rules supported is %d. Skipping line.", maxStaticRedirectRules)})
				continue
			}
		} else {
			dynamicRules++
			canCreateStatic = false
			if dynamicRules > maxDynamicRedirectRules {
				invalid = append(invalid, invalidRule{message: fmt.Sprintf("Maximum number of dynamic rules supported is %d. Skipping remaining %d lines of file.", maxDynamicRedirectRules, len(lines)-i)})
				break
			}
		}
		to, problem := validateURL(tokens[1], false, false, true, true)
		if problem != "" {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: problem})
			continue
		}
		status, err := strconv.Atoi(strStatus)
		if err != nil || (status != 200 && status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: fmt.Sprintf("Valid status codes are 200, 301, 302 (default), 303, 307, or 308. Got %s.", strStatus)})
			continue
		}
		relative := !urlHasHost(to)
		toIndex := regexp.MustCompile(`/index(.html)?$`).MatchString(to)
		wildcardToIndex := strings.HasSuffix(from, "/*") && toIndex
		rootToIndex := strings.HasSuffix(from, "/") && toIndex
		if relative && (wildcardToIndex || rootToIndex && htmlHandling != "none") {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: "Infinite loop detected in this rule and has been ignored. This will cause a redirect to strip `.html` or `/index` and end up triggering this rule again. Please fix or remove this rule to silence this warning."})
			continue
		}
		if seen[from] {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: fmt.Sprintf("Ignoring duplicate rule for path %s.", from)})
			continue
		}
		seen[from] = true
		if status == 200 && urlHasHost(to) {
			invalid = append(invalid, invalidRule{line: line, lineNumber: i + 1, message: fmt.Sprintf("Proxy (200) redirects can only point to relative paths. Got %s", to)})
			continue
		}
		rules = append(rules, redirectRule{from: from, to: to, status: status, lineNumber: i + 1})
	}
	return rules, invalid
}

// compiledRule is a rule's path pattern as the asset worker compiles it.
type compiledRule struct {
	crossHost bool
	re        *regexp.Regexp
	names     []string
}

// escapeRegex is rules-engine's escapeRegex.
var escapeChars = regexp.MustCompile(`[-/\\^$*+?.()|[\]{}]`)

func escapeRegex(s string) string { return escapeChars.ReplaceAllString(s, `\$0`) }

// hostPlaceholder finds :name in the host of an escaped https rule (rules-engine's
// HOST_PLACEHOLDER_REGEX, whose look-behind Go's regexp lacks, done by hand).
func hostPlaceholders(escaped string) []string {
	const prefix = `https:\/\/`
	if !strings.HasPrefix(escaped, prefix) {
		return nil
	}
	rest := escaped[len(prefix):]
	var out []string
	for i := 0; i < len(rest); i++ {
		if rest[i] == '/' {
			break // [^/]*? stops at the first slash
		}
		if rest[i] != ':' {
			continue
		}
		j := i + 1
		if j >= len(rest) || !isLetter(rest[j]) {
			continue
		}
		for j < len(rest) && isWord(rest[j]) {
			j++
		}
		if j < len(rest) && rest[j] == '\\' {
			out = append(out, rest[i:j])
		}
	}
	return out
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
func isWord(c byte) bool   { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }

// compileRule is rules-engine's generateRuleRegExp; ok is false where JavaScript's
// RegExp would throw (a name used twice), and the rule is then dropped, as there.
func compileRule(rule string) (compiledRule, bool) {
	parts := strings.Split(rule, "*")
	for i := range parts {
		parts[i] = escapeRegex(parts[i])
	}
	s := strings.Join(parts, "(?P<splat>.*)")
	for _, m := range hostPlaceholders(s) {
		s = strings.ReplaceAll(s, m, "(?P<"+m[1:]+">[^/.]+)")
	}
	for _, m := range placeholderRegex.FindAllString(s, -1) {
		s = strings.ReplaceAll(s, m, "(?P<"+m[1:]+">[^/]+)")
	}
	re, err := regexp.Compile("^" + s + "$")
	if err != nil {
		return compiledRule{}, false
	}
	seen := map[string]bool{}
	for _, n := range re.SubexpNames() {
		if n == "" {
			continue
		}
		if seen[n] {
			return compiledRule{}, false
		}
		seen[n] = true
	}
	return compiledRule{crossHost: strings.HasPrefix(rule, "https://"), re: re, names: re.SubexpNames()}, true
}

// match returns the rule's replacements for a request, or ok false.
func (c compiledRule) match(host, pathname string) (map[string]string, []string, bool) {
	test := pathname
	if c.crossHost {
		test = "https://" + host + pathname
	}
	m := c.re.FindStringSubmatch(test)
	if m == nil {
		return nil, nil, false
	}
	repl := map[string]string{}
	var order []string
	for i, n := range c.names {
		if n != "" && i < len(m) {
			repl[n] = m[i]
			order = append(order, n)
		}
	}
	return repl, order, true
}

// replacer is rules-engine's: each :name replaced by its value, in the groups' order.
func replacer(s string, repl map[string]string, order []string) string {
	for _, n := range order {
		s = strings.ReplaceAll(s, ":"+n, repl[n])
	}
	return s
}

// staticGlob is rules-engine's generateGlobOnlyRuleRegExp (run_worker_first rules).
func staticGlob(rule string) *regexp.Regexp {
	parts := strings.Split(rule, "*")
	for i := range parts {
		parts[i] = escapeRegex(parts[i])
	}
	re, err := regexp.Compile("^" + strings.Join(parts, ".*") + "$")
	if err != nil {
		return nil
	}
	return re
}
