package jsx

import (
	"math"
	"testing"

	"github.com/dop251/goja"
)

func TestToInt32(t *testing.T) {
	vm := goja.New()
	cases := []struct {
		in   goja.Value
		want int32
		err  bool
	}{
		{vm.ToValue(60), 60, false},
		{vm.ToValue(60.7), 60, false},
		{vm.ToValue(-60.7), -60, false},
		{vm.ToValue("120"), 120, false},
		{vm.ToValue("abc"), 0, false},
		{goja.Null(), 0, false},
		{vm.ToValue(math.Inf(1)), 0, false},
		{vm.ToValue(math.NaN()), 0, false},
		{vm.ToValue(2147483647), 2147483647, false},
		{vm.ToValue(-2147483648), -2147483648, false},
		{vm.ToValue(2147483648), 0, true},
		{vm.ToValue(math.Pow(2, 40)), 0, true},
	}
	for _, c := range cases {
		got, err := ToInt32(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ToInt32(%v) = %d, %v", c.in, got, err)
		}
		if c.err && err != ErrInt32Range {
			t.Errorf("ToInt32(%v): err = %v", c.in, err)
		}
	}
}
