//go:build bindings

package main

// generatingBindings is true when `wails generate module` (or the binding
// step of `wails build`/`wails dev`) runs the program only to read its bound
// methods: it must not touch the user's data then.
const generatingBindings = true
