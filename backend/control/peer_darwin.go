package control

import "golang.org/x/sys/unix"

// peerUID is the user of the process that opened the other end of the
// socket fd, as the kernel recorded it at connect or listen time.
func peerUID(fd int) (int, error) {
	cred, err := unix.GetsockoptXucred(fd, unix.SOL_LOCAL, unix.LOCAL_PEERCRED)
	if err != nil {
		return 0, err
	}
	return int(cred.Uid), nil
}
