package windowstate

import (
	"math/rand/v2"
	"testing"
)

var (
	primary = Screen{0, 0, 1920, 1080}
	def     = State{Width: 1024, Height: 720}
	// centredDef is def in the middle of primary.
	centredDef = State{X: 448, Y: 180, Width: 1024, Height: 720}
)

func TestRestore(t *testing.T) {
	leftOfPrimary := Screen{-1280, 0, 1280, 1024}
	above := Screen{0, -900, 1600, 900}
	for _, c := range []struct {
		name    string
		saved   State
		ok      bool
		screens []Screen
		want    State
	}{
		{"nothing saved", State{}, false, []Screen{primary}, centredDef},
		{"saved on the primary screen", State{100, 50, 800, 600, false}, true, []Screen{primary}, State{100, 50, 800, 600, false}},
		{"maximised is kept with its normal rectangle", State{100, 50, 800, 600, true}, true, []Screen{primary}, State{100, 50, 800, 600, true}},
		{"its monitor is gone", State{2200, 100, 800, 600, false}, true, []Screen{primary},
			State{560, 240, 800, 600, false}},
		{"on a monitor left of the primary (negative x)", State{-1000, 100, 800, 600, false}, true, []Screen{primary, leftOfPrimary},
			State{-1000, 100, 800, 600, false}},
		{"on a monitor above the primary (negative y)", State{100, -800, 800, 600, false}, true, []Screen{primary, above},
			State{100, -800, 800, 600, false}},
		{"straddling two monitors goes to the one showing more", State{-300, 100, 800, 600, false}, true, []Screen{primary, leftOfPrimary},
			State{0, 100, 800, 600, false}},
		{"only a sliver (under 64 px) visible", State{1900, 100, 800, 600, false}, true, []Screen{primary},
			State{560, 240, 800, 600, false}},
		{"mostly visible is pulled fully on screen", State{1700, 900, 800, 600, false}, true, []Screen{primary},
			State{1120, 480, 800, 600, false}},
		{"title bar above the top edge", State{100, -40, 800, 600, false}, true, []Screen{primary},
			State{100, 0, 800, 600, false}},
		{"larger than the screen", State{-50, -50, 4000, 3000, false}, true, []Screen{primary},
			State{0, 0, 1920, 1080, false}},
		{"zero size", State{10, 10, 0, 0, false}, true, []Screen{primary}, centredDef},
		{"negative size", State{10, 10, -800, 600, false}, true, []Screen{primary}, centredDef},
		{"absurd coordinates", State{1 << 40, 10, 800, 600, false}, true, []Screen{primary}, centredDef},
		{"below the minimum size", State{100, 100, 100, 100, false}, true, []Screen{primary},
			State{100, 100, MinWidth, MinHeight, false}},
		{"a screen smaller than the minimum", State{0, 0, 800, 600, false}, true, []Screen{{0, 0, 400, 500}},
			State{0, 0, MinWidth, MinHeight, false}},
		{"the primary is not at the origin", State{}, false, []Screen{{1920, 0, 1920, 1080}, primary},
			State{2368, 180, 1024, 720, false}},
		{"broken screens are ignored", State{2200, 100, 800, 600, false}, true, []Screen{{0, 0, 0, 0}, primary, {2000, 0, -5, 10}},
			State{560, 240, 800, 600, false}},
		{"no screens: the default as given", State{100, 100, 800, 600, false}, true, nil, def},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Restore(c.saved, c.ok, c.screens, def); got != c.want {
				t.Fatalf("Restore(%+v) = %+v, want %+v", c.saved, got, c.want)
			}
		})
	}
}

// Whatever is saved and however the monitors are laid out, the window
// opens entirely on one of them.
func TestRestoreNeverOffScreen(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	coord := func() int { return r.IntN(8000) - 4000 }
	for i := range 20000 {
		screens := []Screen{{coord(), coord(), 640 + r.IntN(3000), 600 + r.IntN(2000)}}
		for range r.IntN(3) {
			screens = append(screens, Screen{coord(), coord(), 640 + r.IntN(3000), 600 + r.IntN(2000)})
		}
		saved := State{coord(), coord(), r.IntN(5000) - 200, r.IntN(4000) - 200, r.IntN(2) == 0}
		got := Restore(saved, true, screens, def)
		inside := false
		for _, s := range screens {
			if got.X >= s.X && got.Y >= s.Y && got.X+got.Width <= s.X+s.Width && got.Y+got.Height <= s.Y+s.Height {
				inside = true
			}
		}
		if !inside || got.Width < MinWidth || got.Height < MinHeight {
			t.Fatalf("case %d: Restore(%+v, %+v) = %+v, not on any screen", i, saved, screens, got)
		}
	}
}

func TestInitialSize(t *testing.T) {
	for _, c := range []struct {
		saved State
		ok    bool
		w, h  int
	}{
		{State{Width: 900, Height: 700}, true, 900, 700},
		{State{Width: 900, Height: 700}, false, 1024, 720},
		{State{Width: 100, Height: 100}, true, MinWidth, MinHeight},
		{State{Width: 0, Height: 700}, true, 1024, 720},
		{State{Width: 1 << 30, Height: 700}, true, 1024, 720},
	} {
		if w, h := InitialSize(c.saved, c.ok, def); w != c.w || h != c.h {
			t.Errorf("InitialSize(%+v, %v) = %dx%d, want %dx%d", c.saved, c.ok, w, h, c.w, c.h)
		}
	}
}
