package goja

// objectAnd is an Object and its implementation in one allocation (goflare: patch 25).
// goja allocated them apart: two allocations for every object literal, array, promise
// and function value a script makes. The two live and die together (each points to the
// other), so one block changes no lifetime; an implementation the object later swaps
// for another (an array turned sparse) stays in the block until the object goes.
type objectAnd[T any] struct {
	obj  Object
	impl T
}
