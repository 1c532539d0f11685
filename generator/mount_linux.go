package generator

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// listedMounts reads the system's list of mount points once for the
// folder dir: whether dir is one, and the first folder inside dir (in
// the order of the names) that is one, or "". A folder that a part of
// the same disk is mounted on (mount --bind) has the device of the
// folder that holds it, so only this list tells it, and a build into it
// failed at the end, when its folder could not be renamed, with the
// system's bare "device or resource busy". A build that replaces dir
// removes the old folder's files, and those of a disk mounted in it with
// them.
func listedMounts(dir string) (on bool, inside string) {
	mountinfo, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return false, ""
	}
	// The list names folders as the system does, links followed.
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false, ""
	}
	points := mountPoints(mountinfo)
	return slices.Contains(points, real), firstInside(points, real)
}

// firstInside is the first of points (in the order of the names) that
// lies inside the folder dir, or "".
func firstInside(points []string, dir string) string {
	prefix := strings.TrimSuffix(dir, "/") + "/"
	first := ""
	for _, p := range points {
		if len(p) > len(prefix) && strings.HasPrefix(p, prefix) && (first == "" || p < first) {
			first = p
		}
	}
	return first
}

// mountPoints are the folders that a mountinfo file (proc(5)) lists as
// mount points: the fifth field of each line, with the escapes the
// system writes for a space, a tab, a line break and a backslash
// (\040, \011, \012, \134) undone.
func mountPoints(mountinfo []byte) []string {
	var points []string
	for line := range bytes.Lines(mountinfo) {
		fields := bytes.Fields(line)
		if len(fields) < 5 {
			continue
		}
		points = append(points, unescapeMountPath(fields[4]))
	}
	return points
}

// unescapeMountPath undoes the octal escapes of a path in mountinfo.
func unescapeMountPath(p []byte) string {
	if bytes.IndexByte(p, '\\') < 0 {
		return string(p)
	}
	out := make([]byte, 0, len(p))
	for i := 0; i < len(p); i++ {
		if p[i] == '\\' && i+4 <= len(p) {
			if c, err := strconv.ParseUint(string(p[i+1:i+4]), 8, 8); err == nil {
				out = append(out, byte(c))
				i += 3
				continue
			}
		}
		out = append(out, p[i])
	}
	return string(out)
}
