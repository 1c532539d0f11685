package generator

import (
	"errors"

	"golang.org/x/sys/windows"
)

// ProcessAlive reports whether the process pid runs. The work folders of
// a build and the temporary files of an import carry the pid of their
// process, and are leftovers to remove once it has ended (see
// cleanLeftovers). A process that cannot be opened has ended, unless it
// is denied, as another user's process is; one that can has ended when
// waiting for it does not time out.
func ProcessAlive(pid int) bool {
	h, err := windows.OpenProcess(windows.SYNCHRONIZE, false, uint32(pid))
	if err != nil {
		return errors.Is(err, windows.ERROR_ACCESS_DENIED)
	}
	defer windows.CloseHandle(h)
	event, err := windows.WaitForSingleObject(h, 0)
	return err != nil || event == uint32(windows.WAIT_TIMEOUT)
}
