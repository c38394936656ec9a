// Command startwatch launches a desktop app on the current X display and
// reports, from the X server's own events, when its window was mapped and
// when it first showed painted content, then the settled memory of the
// app's whole process tree. scripts/bench-startup.sh runs it once per
// launch; it is a measuring tool, not part of PassDesk.
//
//	startwatch [-shot FILE] [-min-colours N] -- COMMAND [ARG...]
//
// It prints one line, `mapped_ms=… painted_ms=… pss_kib=… colours=…`:
//   - mapped_ms: launch → the MapNotify of the app's top-level window that
//     was not followed by an UnmapNotify (Wails maps a hidden-start window
//     for an instant and unmaps it again: that map does not count);
//   - painted_ms: launch → the first Damage event after which the mapped
//     window's pixels (XGetImage) hold at least N distinct colours. An
//     unpainted window is one flat colour (its background); rendered text
//     and widgets, anti-aliased, have hundreds. The pixels are read only
//     when the X server reports drawing, never on a timer.
//   - pss_kib: the summed Pss of /proc/PID/smaps_rollup over the app and
//     every descendant (WebKit's web and network processes), once it has
//     settled: sampled every SettleEvery after the paint until three
//     samples in a row are within SettleSlack of each other.
//
// The app is then sent SIGTERM (its process group SIGKILL after KillAfter).
// Linked against libX11 and libXdamage (cgo), which GTK's dev packages pull in.
package main

/*
#cgo pkg-config: x11 xdamage
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>

static int event_type(XEvent *e) { return e->type; }
static Window map_window(XEvent *e) { return e->xmap.window; }
static int map_override(XEvent *e) { return e->xmap.override_redirect; }
static Window unmap_window(XEvent *e) { return e->xunmap.window; }
static Window damage_drawable(XEvent *e) { return ((XDamageNotifyEvent *)e)->drawable; }
static unsigned long pixel_at(XImage *img, int x, int y) { return XGetPixel(img, x, y); }
static void destroy_image(XImage *img) { XDestroyImage(img); }
static int ignore_errors(Display *d, XErrorEvent *e) { return 0; }
static void quiet_errors(void) { XSetErrorHandler(ignore_errors); }
*/
import "C"

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	// SettleEvery is how often the process tree's memory is sampled after the paint.
	SettleEvery = 500 * time.Millisecond
	// SettleSlack is how close (KiB) three samples in a row must be to count as settled.
	SettleSlack = 1024
	// SettleMax ends the sampling of a tree that never settles; its last sample is reported.
	SettleMax = 30 * time.Second
	// KillAfter is how long the app gets to end on SIGTERM before its group is killed.
	KillAfter = 5 * time.Second
	// Limit guards against an app that never paints: the run then fails.
	Limit = 120 * time.Second
)

func main() {
	shot := flag.String("shot", "", "save the first painted frame to this PNG file")
	minColours := flag.Int("min-colours", 64, "distinct colours that make a frame painted")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: startwatch [-shot FILE] [-min-colours N] -- COMMAND [ARG...]")
		os.Exit(2)
	}
	if err := run(flag.Args(), *shot, *minColours); err != nil {
		fmt.Fprintln(os.Stderr, "startwatch:", err)
		os.Exit(1)
	}
}

// painted is what the X event loop saw: both times since the launch.
type painted struct {
	mapped, paint time.Duration
	colours       int
	frame         image.Image
}

func run(argv []string, shot string, minColours int) error {
	events := make(chan painted, 1)
	fail := make(chan error, 1)
	started := make(chan time.Time)
	launch := make(chan struct{})
	go func() {
		// Xlib is used from this one OS thread only.
		runtime.LockOSThread()
		p, err := watch(launch, started, minColours)
		if err != nil {
			fail <- err
			return
		}
		events <- p
	}()

	<-launch // the display is open and root's events selected: nothing can be missed
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	started <- t0
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer stop(cmd, exited)

	var p painted
	select {
	case p = <-events:
	case err := <-fail:
		return err
	case err := <-exited:
		exited <- err
		return fmt.Errorf("%s ended before painting: %v", argv[0], err)
	case <-time.After(Limit):
		return fmt.Errorf("%s did not paint within %s", argv[0], Limit)
	}
	pss, err := settledPSS(cmd.Process.Pid)
	if err != nil {
		return err
	}
	if shot != "" && p.frame != nil {
		if err := savePNG(shot, p.frame); err != nil {
			return err
		}
	}
	fmt.Printf("mapped_ms=%d painted_ms=%d pss_kib=%d colours=%d\n",
		p.mapped.Milliseconds(), p.paint.Milliseconds(), pss, p.colours)
	return nil
}

// watch opens the display, signals launch once root's map events are
// selected, and returns when a mapped top-level window first shows a frame
// of at least minColours colours.
func watch(launch chan<- struct{}, started <-chan time.Time, minColours int) (painted, error) {
	dpy := C.XOpenDisplay(nil)
	if dpy == nil {
		close(launch)
		return painted{}, errors.New("cannot open the display ($DISPLAY)")
	}
	// A window can vanish between its event and our request about it
	// (Wails' instant map and unmap): such errors are expected, not fatal.
	C.quiet_errors()
	var damageBase, damageError C.int
	if C.XDamageQueryExtension(dpy, &damageBase, &damageError) == 0 {
		close(launch)
		return painted{}, errors.New("the X server has no DAMAGE extension")
	}
	root := C.XDefaultRootWindow(dpy)
	C.XSelectInput(dpy, root, C.SubstructureNotifyMask)
	C.XSync(dpy, C.False)
	close(launch)
	t0 := <-started

	mappedAt := map[C.Window]time.Duration{}
	damages := map[C.Window]C.Damage{}
	var ev C.XEvent
	for {
		C.XNextEvent(dpy, &ev)
		now := time.Since(t0)
		switch t := C.event_type(&ev); {
		case t == C.MapNotify && C.map_override(&ev) == 0:
			w := C.map_window(&ev)
			mappedAt[w] = now
			if _, ok := damages[w]; !ok {
				damages[w] = C.XDamageCreate(dpy, C.Drawable(w), C.XDamageReportNonEmpty)
			}
		case t == C.UnmapNotify:
			delete(mappedAt, C.unmap_window(&ev))
		case t == damageBase+C.XDamageNotify:
			w := C.Window(C.damage_drawable(&ev))
			d, ok := damages[w]
			if !ok {
				continue
			}
			C.XDamageSubtract(dpy, d, 0, 0)
			at, mapped := mappedAt[w]
			if !mapped {
				continue
			}
			frame, colours := grab(dpy, w, minColours)
			if colours >= minColours {
				return painted{mapped: at, paint: now, colours: colours, frame: frame}, nil
			}
		}
	}
}

// grab reads the window's pixels and counts their distinct colours, up to
// limit (counting stops there).
func grab(dpy *C.Display, w C.Window, limit int) (image.Image, int) {
	var attrs C.XWindowAttributes
	if C.XGetWindowAttributes(dpy, w, &attrs) == 0 || attrs.map_state != C.IsViewable {
		return nil, 0
	}
	img := C.XGetImage(dpy, C.Drawable(w), 0, 0, C.uint(attrs.width), C.uint(attrs.height), C.AllPlanes, C.ZPixmap)
	if img == nil {
		return nil, 0
	}
	defer C.destroy_image(img)
	width, height := int(attrs.width), int(attrs.height)
	seen := map[C.ulong]struct{}{}
	for y := 0; y < height && len(seen) < limit; y++ {
		for x := 0; x < width && len(seen) < limit; x++ {
			seen[C.pixel_at(img, C.int(x), C.int(y))] = struct{}{}
		}
	}
	if len(seen) < limit {
		return nil, len(seen)
	}
	frame := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			p := uint32(C.pixel_at(img, C.int(x), C.int(y))) // TrueColor 24-bit: 0xRRGGBB
			frame.Set(x, y, color.RGBA{uint8(p >> 16), uint8(p >> 8), uint8(p), 0xff})
		}
	}
	return frame, len(seen)
}

// settledPSS samples the process tree's Pss until it settles (see the
// package comment) and returns it in KiB.
func settledPSS(pid int) (int, error) {
	var last []int
	deadline := time.Now().Add(SettleMax)
	for {
		kib, err := treePSS(pid)
		if err != nil {
			return 0, err
		}
		last = append(last, kib)
		if n := len(last); n >= 3 {
			lo, hi := last[n-3], last[n-3]
			for _, v := range last[n-3:] {
				lo, hi = min(lo, v), max(hi, v)
			}
			if hi-lo <= SettleSlack || time.Now().After(deadline) {
				return kib, nil
			}
		}
		time.Sleep(SettleEvery)
	}
}

// treePSS is the summed Pss (KiB) of pid and all its descendants.
func treePSS(pid int) (int, error) {
	children := map[int][]int{}
	procs, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		return 0, err
	}
	for _, stat := range procs {
		b, err := os.ReadFile(stat)
		if err != nil {
			continue // ended meanwhile
		}
		// pid (comm) state ppid …: comm may hold spaces and parentheses.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 {
			continue
		}
		child, _ := strconv.Atoi(strings.Fields(s)[0])
		parent, _ := strconv.Atoi(fields[1])
		children[parent] = append(children[parent], child)
	}
	total := 0
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = append(queue[1:], children[p]...)
		kib, err := rollupPSS(p)
		if err != nil {
			if p == pid {
				return 0, err
			}
			continue // a helper process that ended meanwhile
		}
		total += kib
	}
	return total, nil
}

// rollupPSS is the Pss line of /proc/PID/smaps_rollup, in KiB.
func rollupPSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Pss:"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
		}
	}
	return 0, fmt.Errorf("no Pss line in /proc/%d/smaps_rollup", pid)
}

// stop ends the app: SIGTERM, then SIGKILL to its whole process group.
func stop(cmd *exec.Cmd, exited chan error) {
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(KillAfter):
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

func savePNG(path string, frame image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, frame); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
