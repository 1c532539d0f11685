//go:build !linux

package generator

// listedMounts knows no list of mount points on this system: a folder
// is taken for one only when it is on another disk than its parent.
func listedMounts(dir string) (on bool, inside string) { return false, "" }
