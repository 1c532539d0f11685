// Package gongkai holds the default theme, embedded in the binary so that
// a site needs only config.toml and content/ to build. A site's own
// layouts/ and static/ files override these one file at a time.
package gongkai

import "embed"

// Theme is the default theme: layouts/ and static/.
//
//go:embed layouts static
var Theme embed.FS
