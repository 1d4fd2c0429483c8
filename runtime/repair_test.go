package runtime

import "testing"

func TestRepairForGoja(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"class C{set=1}", `class C{"set"=1}`},                         // no indentation: quotes inserted
		{"class C {\n    get = 1;\n}", "class C {\n  \"get\" = 1;\n}"}, // indentation: same length
		{"class C {\n  async =\n 2\n  static set = 3\n}", "class C {\n\"async\" =\n 2\n  static \"set\" = 3\n}"},
		{"class C {\n  get\n}", "class C {\n\"get\"\n}"},
	} {
		got, ok := repairForGoja(c.in)
		if !ok || got != c.want {
			t.Errorf("repairForGoja(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	// import( becomes the hook, of the same length; import.meta and other uses do not.
	if got, ok := repairForGoja("async function f(x) { return (await import (x)).env }"); !ok || got != "async function f(x) { return (await __dimp (x)).env }" {
		t.Errorf("dynamic import: %q, %v", got, ok)
	}
	// Other syntax errors are left for the caller to report, untouched.
	for _, in := range []string{"let get = ;", "class C { set = }", "x = {get = 1}", "class C { foo = 1 bar }", "import.meta.url", "x = import"} {
		if got, ok := repairForGoja(in); ok || got != in {
			t.Errorf("repairForGoja(%q) = %q, %v; want it unchanged", in, got, ok)
		}
	}
	// Valid code is parsed once and left alone.
	if got, ok := repairForGoja("class C { get x() { return 1 } set = 1; }"); !ok || got != `class C { get x() { return 1 } "set" = 1; }` {
		t.Errorf("got %q, %v", got, ok)
	}
	if _, ok := repairForGoja("class C { get x() { return 1 } }"); ok {
		t.Error("valid code reported as changed")
	}
}
