package generator

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"syscall"
	"testing"

	"github.com/gongkai/gongkai"
	"golang.org/x/sys/unix"
)

func TestFirstInside(t *testing.T) {
	points := []string{"/", "/home/union", "/home/union/public/files", "/home/union/public/archive", "/home/union/publicity"}
	for _, tt := range []struct{ dir, want string }{
		{"/home/union/public", "/home/union/public/archive"},
		{"/home/union/public/", "/home/union/public/archive"},
		{"/home/union/public/files", ""},
		{"/home/union/publicity", ""},
		{"/srv", ""},
		{"/", "/home/union"},
	} {
		if got := firstInside(points, tt.dir); got != tt.want {
			t.Errorf("firstInside(%s) = %q, want %q", tt.dir, got, tt.want)
		}
	}
}

func TestMountPoints(t *testing.T) {
	for _, tt := range []struct {
		name, mountinfo string
		want            []string
	}{
		{"none", "", nil},
		{"proc(5)'s example", "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n", []string{"/mnt2"}},
		{"no optional fields, no last line break", "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw", []string{"/"}},
		{"a bind mount: the root is a folder of the disk", "27 1 254:0 / / rw - ext4 /dev/vda rw\n90 27 254:0 /srv/site /home/union/public rw shared:5 - ext4 /dev/vda rw\n", []string{"/", "/home/union/public"}},
		{"escaped space, tab, line break and backslash", `91 27 254:0 /u /media/U\040盘\011a\012b\134c rw - vfat /dev/sdb1 rw`, []string{"/media/U 盘\ta\nb\\c"}},
		{"a backslash that escapes nothing", `92 27 254:0 /u /x\4\999\ rw - ext4 /dev/vda rw`, []string{`/x\4\999\`}},
		{"a line too short", "93 27 254:0 /\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := mountPoints([]byte(tt.mountinfo)); !slices.Equal(got, tt.want) {
				t.Errorf("mountPoints(%q) = %q, want %q", tt.mountinfo, got, tt.want)
			}
		})
	}
}

// bindMountDest names, in the process TestDestBindMountRefused starts,
// the folder to mount another folder of the same disk on and build into.
const bindMountDest = "GONGKAI_TEST_BIND_MOUNT_DEST"

// TestDestBindMountRefused: a folder that another folder of the same disk
// is mounted on (mount --bind) has its parent's device, but the system
// no more renames it than any mount point; the build refuses it before
// reading the site, as it refuses a disk's mount point, rather than
// failing at the end with the system's bare "device or resource busy".
// The mount is made in a process of its own, in a mount namespace of its
// own, so that it ends with the process.
func TestDestBindMountRefused(t *testing.T) {
	if dest := os.Getenv(bindMountDest); dest != "" {
		if err := unix.Mount(filepath.Join(filepath.Dir(dest), "disk"), dest, "", unix.MS_BIND, ""); err != nil {
			t.Skipf("cannot bind-mount a folder here: %v", err)
		}
		_, err := Build("testdata/basic/site", dest, Options{Theme: gongkai.Theme})
		want := "--dest " + dest + " is the top of a disk, which a build cannot replace (give a folder on it, such as " + filepath.Join(dest, "public") + ")"
		if de := (*DestError)(nil); !errors.As(err, &de) || err.Error() != want {
			t.Errorf("--dest %s, a bind mount: err = %v\nwant %s", dest, err, want)
		}
		// A disk mounted inside the destination: replacing it would
		// remove that disk's files with the old site's.
		if err := unix.Unmount(dest, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := Build("testdata/basic/site", dest, Options{Theme: gongkai.Theme}); err != nil {
			t.Fatal(err)
		}
		inner := filepath.Join(dest, "archive")
		if err := unix.Mount(filepath.Join(filepath.Dir(dest), "disk"), inner, "", unix.MS_BIND, ""); err != nil {
			t.Fatal(err)
		}
		_, err = Build("testdata/basic/site", dest, Options{Theme: gongkai.Theme})
		want = "--dest " + dest + " has a disk mounted inside it, at " + inner + ", whose files a build would remove with the old site (unmount it, or give another folder)"
		if de := (*DestError)(nil); !errors.As(err, &de) || err.Error() != want {
			t.Errorf("--dest %s, a disk mounted inside: err = %v\nwant %s", dest, err, want)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(dest), "disk", "kept")); err != nil {
			t.Errorf("the mounted disk's file: %v", err)
		}
		return
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for _, d := range []string{dest, filepath.Join(dir, "disk")} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "disk", "kept"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestDestBindMountRefused$", "-test.v")
	cmd.Env = append(os.Environ(), bindMountDest+"="+dest)
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exit):
		t.Skipf("no bind mount can be made here: a process in a mount namespace of its own takes root (%v); TestMountPoints checks how mount points are found without one", err)
	case regexp.MustCompile(`(?m)^--- SKIP`).Match(out):
		t.Skipf("no bind mount can be made here; TestMountPoints checks how mount points are found without one:\n%s", out)
	case err != nil:
		t.Errorf("%s", out)
	}
}
