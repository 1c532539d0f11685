//go:build !unix

package generator

import "io/fs"

// device does not know the disk of a file on this system, so no folder is
// taken for one where a disk is mounted.
func device(info fs.FileInfo) (uint64, bool) { return 0, false }
