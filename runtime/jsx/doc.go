// Package jsx is goflare's only goja helper package: class and prototype definition, brand
// checks on `this`, JS-named errors and their one conversion point, and the Bridge contract
// through which async Go work re-enters JavaScript.
//
// It must not import any other goflare package.
package jsx
