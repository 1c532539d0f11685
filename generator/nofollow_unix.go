//go:build unix

package generator

import "syscall"

// noFollow makes opening a file fail rather than follow a link.
const noFollow = syscall.O_NOFOLLOW
