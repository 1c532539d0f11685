//go:build !linux

package generator

// mountedOn knows no list of mount points on this system: a folder is
// taken for one only when it is on another disk than its parent.
func mountedOn(dir string) bool { return false }

// mountedInside knows no list of mount points on this system.
func mountedInside(dir string) string { return "" }
