//go:build linux || darwin

package control

// ListenWith is Listen with other limits, for tests of the limits themselves.
func ListenWith(dataDir string, target Target, limits Limits) (*Server, error) {
	return listen(dataDir, target, limits)
}

// SocketCandidates exposes where the socket may be.
var SocketCandidates = socketCandidates

// SamePeer exposes the peer decision.
var SamePeer = samePeer
