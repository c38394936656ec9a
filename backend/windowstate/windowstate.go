// Package windowstate decides where the main window opens: where it was
// last time, unless that place is no longer on any screen (a monitor was
// unplugged, the resolution shrank, the saved state is nonsense), in which
// case it opens centred on the primary screen. Restore is pure logic; Load
// and Save keep the state in the data file (the store holds only its
// bytes); the Wails wiring lives in package main.
package windowstate

// State is the window's normal (not maximised) rectangle, in screen
// coordinates, and whether it was maximised.
type State struct {
	X         int  `json:"x"`
	Y         int  `json:"y"`
	Width     int  `json:"width"`
	Height    int  `json:"height"`
	Maximised bool `json:"maximised"`
}

// Screen is a monitor's area in the same coordinates as State.
type Screen struct{ X, Y, Width, Height int }

// The window's minimum size (also given to Wails), and how much of a saved
// window must still be on a screen for its position to be kept.
const (
	MinWidth   = 480
	MinHeight  = 560
	MinVisible = 64
)

// limit bounds every coordinate and size; anything beyond it is corrupt
// data, and keeping values small keeps the arithmetic from overflowing.
const limit = 1 << 20

// Restore returns where and how large the window should open. saved is the
// stored state (ok false when there is none), screens the monitors with the
// primary first, def the state to use without a usable saved one (its
// position is ignored: it is centred on the primary screen).
//
// The result always lies entirely on one screen, unless that screen is
// smaller than the window's minimum size, in which case the window starts
// at the screen's top-left corner. With no screens, def is returned as is.
func Restore(saved State, ok bool, screens []Screen, def State) State {
	screens = usable(screens)
	if len(screens) == 0 {
		return def
	}
	primary := screens[0]
	if !ok || !plausible(saved) {
		return centre(def, primary)
	}
	on, visible := bestScreen(saved, screens)
	if !visible {
		return centre(saved, primary)
	}
	out := fitSize(saved, on)
	out.X = fitAxis(saved.X, out.Width, on.X, on.Width)
	out.Y = fitAxis(saved.Y, out.Height, on.Y, on.Height)
	return out
}

func usable(screens []Screen) []Screen {
	var out []Screen
	for _, s := range screens {
		if s.Width > 0 && s.Height > 0 && s.Width < limit && s.Height < limit && abs(s.X) < limit && abs(s.Y) < limit {
			out = append(out, s)
		}
	}
	return out
}

func plausible(s State) bool {
	return s.Width > 0 && s.Height > 0 && s.Width < limit && s.Height < limit && abs(s.X) < limit && abs(s.Y) < limit
}

// bestScreen is the screen showing the largest part of s, and whether that
// part is at least MinVisible pixels in both directions.
func bestScreen(s State, screens []Screen) (Screen, bool) {
	var best Screen
	bestArea := -1
	for _, sc := range screens {
		w := overlap(s.X, s.Width, sc.X, sc.Width)
		h := overlap(s.Y, s.Height, sc.Y, sc.Height)
		if w >= MinVisible && h >= MinVisible && w*h > bestArea {
			best, bestArea = sc, w*h
		}
	}
	return best, bestArea >= 0
}

func overlap(a, alen, b, blen int) int {
	lo, hi := max(a, b), min(a+alen, b+blen)
	return max(0, hi-lo)
}

// fitSize keeps s's size within the screen and at least the minimum.
func fitSize(s State, on Screen) State {
	s.Width = max(min(s.Width, on.Width), MinWidth)
	s.Height = max(min(s.Height, on.Height), MinHeight)
	return s
}

// fitAxis moves a span of length n starting at pos the least needed to lie
// within [start, start+length); when it cannot fit, it starts at start.
func fitAxis(pos, n, start, length int) int {
	pos = min(pos, start+length-n)
	return max(pos, start)
}

// centre puts s's size (the minimum when s has none) in the middle of on.
func centre(s State, on Screen) State {
	if !plausible(s) {
		s = State{Width: MinWidth, Height: MinHeight, Maximised: s.Maximised}
	}
	out := fitSize(s, on)
	out.X = fitAxis(on.X+(on.Width-out.Width)/2, out.Width, on.X, on.Width)
	out.Y = fitAxis(on.Y+(on.Height-out.Height)/2, out.Height, on.Y, on.Height)
	return out
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// InitialSize is the size to create the window with, before the screens
// are known: the saved size when there is a plausible one (at least the
// minimum), else def's. Restore then fits it to the screen before the
// window is shown.
func InitialSize(saved State, ok bool, def State) (width, height int) {
	if !ok || !plausible(saved) {
		saved = def
	}
	return max(saved.Width, MinWidth), max(saved.Height, MinHeight)
}
