// Package wake reports the machine waking from suspend, so that the idle
// auto-lock checks its wall-clock deadline at that moment rather than at
// its next timer (at most session.WakeCheck later). It listens for
// systemd-logind's PrepareForSleep signal on the D-Bus system bus
// (org.freedesktop.login1.Manager, documented in org.freedesktop.login1(5)),
// whose argument is true as the machine goes to sleep and false once it
// has resumed. Where there is no logind (macOS, Windows, a container
// without a system bus) Watch fails and the timer remains the bound.
package wake

import (
	"sync"

	"github.com/godbus/dbus/v5"
)

// logind's name, object and signal.
const (
	loginName   = "org.freedesktop.login1"
	loginPath   = dbus.ObjectPath("/org/freedesktop/login1")
	loginIface  = "org.freedesktop.login1.Manager"
	sleepMember = "PrepareForSleep"
)

// Watcher calls a function each time the machine resumes, until Stop.
type Watcher struct {
	conn *dbus.Conn
	ch   chan *dbus.Signal
	done chan struct{}
	stop sync.Once
}

// WatchSystem is Watch on a new connection to the system bus, closed by Stop.
func WatchSystem(onWake func()) (*Watcher, error) {
	conn, err := dbus.ConnectSystemBus()
	if err != nil {
		return nil, err
	}
	w, err := Watch(conn, onWake)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	return w, nil
}

// Watch calls onWake (from its own goroutine, one call at a time) each time
// logind on conn's bus announces that the machine resumed. Stop closes conn.
func Watch(conn *dbus.Conn, onWake func()) (*Watcher, error) {
	if err := conn.AddMatchSignal(
		dbus.WithMatchSender(loginName),
		dbus.WithMatchObjectPath(loginPath),
		dbus.WithMatchInterface(loginIface),
		dbus.WithMatchMember(sleepMember),
	); err != nil {
		return nil, err
	}
	w := &Watcher{conn: conn, ch: make(chan *dbus.Signal, 8), done: make(chan struct{})}
	conn.Signal(w.ch)
	go w.run(onWake)
	return w, nil
}

func (w *Watcher) run(onWake func()) {
	for {
		select {
		case <-w.done:
			return
		case s, ok := <-w.ch:
			if !ok {
				return
			}
			if resumed(s) {
				onWake()
			}
		}
	}
}

// resumed says whether s is logind's PrepareForSleep(false). The bus's own
// signals (NameAcquired…) reach the channel too; signals from senders other
// than logind do not: the match rule names logind as the sender, and the
// bus filters on it.
func resumed(s *dbus.Signal) bool {
	if s.Path != loginPath || s.Name != loginIface+"."+sleepMember || len(s.Body) != 1 {
		return false
	}
	sleeping, ok := s.Body[0].(bool)
	return ok && !sleeping
}

// Stop ends the watch and closes the connection; onWake is not called after
// it returns, except by a call already under way.
func (w *Watcher) Stop() {
	w.stop.Do(func() {
		close(w.done)
		w.conn.RemoveSignal(w.ch)
		_ = w.conn.Close()
	})
}
