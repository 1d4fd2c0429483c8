package jsx

import (
	"math"

	"github.com/dop251/goja"
)

// ErrInt32Range is the TypeError workerd's bindings throw for an integer option outside
// 32 bits.
var ErrInt32Range = TypeError("Value out of range. Must be between -2147483648 and 2147483647 (inclusive).")

// ToInt32 converts v the way workerd converts an `int` argument or option: ToNumber,
// NaN and ±Infinity become 0, fractions are truncated, and a finite value outside the
// 32-bit range is refused with ErrInt32Range. A valueOf that throws is returned as the
// error.
func ToInt32(v goja.Value) (n int32, err error) {
	var f float64
	if thrown := Catch(func() { f = v.ToFloat() }); thrown != nil {
		return 0, thrown
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, nil
	}
	f = math.Trunc(f)
	if f < math.MinInt32 || f > math.MaxInt32 {
		return 0, ErrInt32Range
	}
	return int32(f), nil
}

// IsNullish reports whether v is missing, undefined or null.
func IsNullish(v goja.Value) bool {
	return v == nil || goja.IsUndefined(v) || goja.IsNull(v)
}

// IsArray reports whether v is a JS array.
func IsArray(v goja.Value) bool {
	o, ok := v.(*goja.Object)
	return ok && o.ClassName() == "Array"
}

// String is JavaScript's ToString of v for a Web API's string argument: a Symbol throws
// V8's TypeError, where goja's String would give its description.
func String(vm *goja.Runtime, v goja.Value) string {
	if _, ok := v.(*goja.Symbol); ok {
		Throw(vm, TypeError("Cannot convert a Symbol value to a string"))
	}
	return v.String()
}
