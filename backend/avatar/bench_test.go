package avatar

import (
	"bytes"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// The benchmark inputs, built once per process: what the webview sends for
// a large photo (its centre square redrawn at Size, JPEG), a 1024×768
// photo (small enough to be sent as it is) and a 12 MP camera photo sent as
// it is (a file the webview could not decode).
var (
	benchWebview = sync.OnceValue(func() []byte { return photoJPEG(1024, 768) })
	benchSquare  = sync.OnceValue(func() []byte { return photoJPEG(Size, Size) })
	benchPhoto   = sync.OnceValue(func() []byte { return photoJPEG(4000, 3000) })
)

// photoJPEG makes a photo-like w×h JPEG (quality 90): smooth gradients,
// per-pixel noise and some hard edges.
func photoJPEG(w, h int) []byte {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			r := 200*fx + 40*math.Sin(fy*9)
			g := 180*fy + 50*math.Cos(fx*7+fy*3)
			b := 120 + 90*math.Sin((fx+fy)*5)
			// Edges: a bright disc and a dark bar with crisp borders.
			if dx, dy := fx-0.45, fy-0.5; dx*dx+dy*dy < 0.04 {
				r, g, b = 240-40*fy, 220, 60+80*fx
			}
			if x > w*13/20 && x < w*27/40 {
				r, g, b = 20, 30, 40
			}
			n := rng.NormFloat64() * 6
			i := m.PixOffset(x, y)
			m.Pix[i+0] = clampF(r + n)
			m.Pix[i+1] = clampF(g + n)
			m.Pix[i+2] = clampF(b + n)
			m.Pix[i+3] = 0xFF
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func clampF(v float64) uint8 {
	return uint8(math.Round(math.Max(0, math.Min(255, v))))
}

func BenchmarkAvatar(b *testing.B) {
	p := New()
	for _, in := range []struct {
		name  string
		input func() []byte
	}{{"webview_512", benchSquare}, {"webview_1024", benchWebview}, {"photo_12mp", benchPhoto}} {
		input := in.input()
		b.Run(in.name, func(b *testing.B) {
			start := time.Now()
			for b.Loop() {
				if _, err := p.Process(input); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/avatar")
		})
	}
}

// BenchmarkAvatarMemory measures, once, the peak heap growth while
// processing the 12 MP photo and the worst accepted input: the largest
// progressive 4:4:4, progressive CMYK and baseline CMYK squares the memory
// budget admits (the worst of them is reported). One metric per
// sub-benchmark, so that the repository's bench report (one figure per
// benchmark) can read them.
func BenchmarkAvatarMemory(b *testing.B) {
	p := New()
	worst := func() [][]byte {
		var out [][]byte
		for _, mk := range []func(int) []byte{
			func(s int) []byte { return syntheticJPEG(s, s, sampling444, true, false) },
			func(s int) []byte { return syntheticJPEG(s, s, samplingCMYK, true, true) },
			func(s int) []byte { return syntheticJPEG(s, s, samplingCMYK, false, true) },
		} {
			out = append(out, mk(largestAccepted(b, mk)))
		}
		return out
	}
	for _, in := range []struct {
		name   string
		inputs func() [][]byte
	}{{"peak_12mp", func() [][]byte { return [][]byte{benchPhoto()} }}, {"peak_worst", worst}} {
		b.Run(in.name, func(b *testing.B) {
			var peak float64
			done := false
			for b.Loop() {
				if done {
					continue // measured once; b.Loop only frames it
				}
				done = true
				for _, input := range in.inputs() {
					peak = max(peak, peakHeapMiB(func() {
						if _, err := p.Process(input); err != nil {
							b.Error(err)
						}
					}))
				}
			}
			b.ReportMetric(peak, "peak_MiB")
		})
	}
}

// peakHeapMiB runs f while sampling the live heap every millisecond and
// returns the peak above the level measured just before (after a GC).
func peakHeapMiB(f func()) float64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if v := read(); v > peak {
		peak = v
	}
	return float64(peak-base) / (1 << 20)
}
