package generator

import (
	"io/fs"
	"syscall"
)

// changeStamp returns what the system records of a file beyond its size
// and modification time: the inode change time, which no program can set
// back, and the inode, which a rename-over replaces.
func changeStamp(info fs.FileInfo) (ctime int64, ino uint64) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0
	}
	return st.Ctim.Nano(), st.Ino
}
