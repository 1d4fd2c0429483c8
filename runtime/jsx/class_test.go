package jsx

import (
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// box is the Go value a test class's instances hold.
type box struct{ n int64 }

// TestClassInstances: `new` and a subclass's `super(...)` both make one instance that
// holds the Go value, has new.target's prototype and no own properties of its making,
// and is what the worker sees as `this` in its constructor.
func TestClassInstances(t *testing.T) {
	vm := goja.New()
	c := NewClass(vm, "Box", func(call goja.ConstructorCall) any {
		return &box{n: call.Argument(0).ToInteger()}
	})
	Getter(c, "n", func(b *box) goja.Value { return vm.ToValue(b.n) })
	vm.Set("Box", c.Constructor)
	v, err := vm.RunString(`
		class Sub extends Box {
			constructor(n) { super(n * 2); this.extra = this.n + 1; }
			twice() { return this.n * 2; }
		}
		const b = new Box(3), s = new Sub(5);
		[
			b.n, Object.keys(b).length, Object.getPrototypeOf(b) === Box.prototype, b instanceof Box,
			s.n, s.extra, s.twice(), Object.keys(s).join(), s instanceof Sub, s instanceof Box,
			Object.prototype.toString.call(b),
		].join(" ")`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "3 0 true true 10 11 20 extra true true [object Box]"; got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if b, ok := Unwrap[*box](vm.Get("s")); !ok || b.n != 10 {
		t.Fatalf("the subclass instance holds %v, %v", b, ok)
	}
	s, err := vm.RunString(`new (class extends Box {})(7)`)
	if err != nil {
		t.Fatal(err)
	}
	if b, ok := Unwrap[*box](s); !ok || b.n != 7 {
		t.Fatalf("a subclass instance holds %v, %v", b, ok)
	}
	if _, err := vm.RunString(`Box(1)`); err == nil || !strings.HasPrefix(err.Error(), "TypeError: Failed to construct 'Box': Please use the 'new' operator, this object constructor cannot be called as a function.") {
		t.Fatalf("a call without new: %v", err)
	}
	if _, err := vm.RunString(`const o = {}; Box.call(o, 1)`); err == nil {
		t.Fatal("Box.call on a plain object must throw")
	}
}
