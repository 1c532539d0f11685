//go:build themegen

package generator

import "bytes"

// Built with the themegen tag, the package leaves theme_gen.go out, so
// that it can be generated again even when it no longer compiles:
//
//	go test -tags themegen ./generator -run TestThemeGenerated -update
const themeSum = ""

var themeKinds map[string]func(*bytes.Buffer, *pageData) error
