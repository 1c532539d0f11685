//go:build unix

package generator

import (
	"io/fs"
	"syscall"
)

// device returns the number of the disk (file system) that holds the
// file info describes.
func device(info fs.FileInfo) (uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Dev), true
}
