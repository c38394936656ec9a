package generator

import (
	"math"
	"strings"
	"testing"

	"passdesk/backend/apperr"
)

func TestLengthBounds(t *testing.T) {
	opts := DefaultPresets().Standard
	for _, n := range []int{MinLength, MaxLength} {
		opts.Length = n
		r, err := Generate(opts)
		if err != nil || len(r.Password) != n {
			t.Fatalf("length %d: %q, %v", n, r.Password, err)
		}
	}
	for _, n := range []int{MinLength - 1, 0, -5, MaxLength + 1} {
		opts.Length = n
		if _, err := Generate(opts); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("length %d accepted: %v", n, err)
		}
	}
}

func TestNoClassesOrTooShortForThemIsRefused(t *testing.T) {
	if _, err := Generate(Options{Length: 10}); !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("no classes accepted: %v", err)
	}
}

func TestEveryChosenClassAppearsAndNoOther(t *testing.T) {
	cases := []Options{
		{Length: 4, Lower: true, Upper: true, Digits: true, Symbols: true},
		{Length: 12, Digits: true},
		{Length: 6, Lower: true, Symbols: true, ExcludeLookalikes: true},
	}
	for _, o := range cases {
		classes := o.classes()
		for i := 0; i < 500; i++ {
			r, err := Generate(o)
			if err != nil {
				t.Fatal(err)
			}
			if !hasEveryClass([]byte(r.Password), classes) {
				t.Fatalf("%+v: %q lacks a chosen class", o, r.Password)
			}
			if strings.Trim(r.Password, strings.Join(classes, "")) != "" {
				t.Fatalf("%+v: %q has a character outside the chosen classes", o, r.Password)
			}
			if o.ExcludeLookalikes && strings.ContainsAny(r.Password, lookalikes) {
				t.Fatalf("%q has a look-alike", r.Password)
			}
		}
	}
}

// TestCharactersAreUniform runs a chi-square test per class: with the
// alphabet's k symbols equally likely, the statistic follows chi-square with
// k-1 degrees of freedom. The bound is the 99.99th percentile (a fair
// generator fails it once in 10,000 runs), so a modulo bias of the size
// `byte % k` would produce is caught while noise is not.
func TestCharactersAreUniform(t *testing.T) {
	o := Options{Length: 64, Lower: true, Upper: true, Digits: true, Symbols: true}
	counts := map[byte]int{}
	for i := 0; i < 3000; i++ {
		r, err := Generate(o)
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < len(r.Password); j++ {
			counts[r.Password[j]]++
		}
	}
	for _, set := range o.classes() {
		total := 0
		for i := 0; i < len(set); i++ {
			total += counts[set[i]]
		}
		expected := float64(total) / float64(len(set))
		chi2 := 0.0
		for i := 0; i < len(set); i++ {
			d := float64(counts[set[i]]) - expected
			chi2 += d * d / expected
		}
		if limit := chiSquareP9999(len(set) - 1); chi2 > limit {
			t.Errorf("class %q: chi-square %.1f > %.1f", set, chi2, limit)
		}
	}
}

// chiSquareP9999 approximates chi-square's 99.99th percentile for df degrees
// of freedom (Wilson–Hilferty; z = 3.719).
func chiSquareP9999(df int) float64 {
	k := float64(df)
	a := 2 / (9 * k)
	return k * math.Pow(1-a+3.719*math.Sqrt(a), 3)
}

func TestEntropyIsLengthTimesLog2OfTheAlphabet(t *testing.T) {
	r, err := Generate(Options{Length: 10, Digits: true})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.EntropyBits-10*math.Log2(10)) > 1e-9 {
		t.Fatalf("entropy %.2f", r.EntropyBits)
	}
}

func TestPresets(t *testing.T) {
	p := DefaultPresets()
	if p.Standard.Length != 10 || p.Strong.Length <= p.Standard.Length || p.Standard.Validate() != nil || p.Strong.Validate() != nil {
		t.Fatalf("presets %+v", p)
	}
}
