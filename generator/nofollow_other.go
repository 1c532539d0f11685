//go:build !unix

package generator

// noFollow makes opening a file fail rather than follow a link, where
// the system has such a flag.
const noFollow = 0
