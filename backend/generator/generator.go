// Package generator makes random passwords from crypto/rand, the desktop
// twin of the web service's generator.
package generator

import (
	"crypto/rand"
	"math"
	"math/big"
	"strings"

	"passdesk/backend/apperr"
)

// Length bounds.
const (
	MinLength = 4
	MaxLength = 128
)

// Character classes. Look-alikes are characters easily mistaken for one
// another when read or retyped.
const (
	lower      = "abcdefghijklmnopqrstuvwxyz"
	upper      = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits     = "0123456789"
	symbols    = "!#$%&()*+,-./:;<=>?@[]^_{|}~"
	lookalikes = "Il1O0o|"
)

// Options choose a password's length and alphabet.
type Options struct {
	Length            int  `json:"length"`
	Lower             bool `json:"lower"`
	Upper             bool `json:"upper"`
	Digits            bool `json:"digits"`
	Symbols           bool `json:"symbols"`
	ExcludeLookalikes bool `json:"exclude_lookalikes"`
}

// Result is a generated password and its strength.
type Result struct {
	Password string `json:"password"`
	// EntropyBits is log2 of the number of passwords these options can
	// produce with equal probability (an upper bound: the
	// one-of-each-class rule removes a few).
	EntropyBits float64 `json:"entropy_bits"`
}

// Presets are the options the UI offers first.
type Presets struct {
	// Standard is like the web service's generator: 10 characters.
	Standard Options `json:"standard"`
	// Strong is the stronger suggestion.
	Strong Options `json:"strong"`
}

// DefaultPresets returns the standard and strong presets.
func DefaultPresets() Presets {
	all := Options{Lower: true, Upper: true, Digits: true, Symbols: true}
	standard, strong := all, all
	standard.Length, strong.Length = 10, 20
	return Presets{Standard: standard, Strong: strong}
}

func (o Options) classes() []string {
	var out []string
	for _, c := range []struct {
		on  bool
		set string
	}{{o.Lower, lower}, {o.Upper, upper}, {o.Digits, digits}, {o.Symbols, symbols}} {
		if !c.on {
			continue
		}
		set := c.set
		if o.ExcludeLookalikes {
			set = strings.Map(func(r rune) rune {
				if strings.ContainsRune(lookalikes, r) {
					return -1
				}
				return r
			}, set)
		}
		out = append(out, set)
	}
	return out
}

// Validate reports what is wrong with the options, per field.
func (o Options) Validate() error {
	bad := map[string]apperr.Message{}
	if o.Length < MinLength || o.Length > MaxLength {
		bad["length"] = apperr.Between(MinLength, MaxLength)
	}
	classes := o.classes()
	if len(classes) == 0 {
		bad["classes"] = apperr.NoClasses
	} else if o.Length >= MinLength && len(classes) > o.Length {
		bad["length"] = apperr.TooShortForClasses
	}
	if len(bad) > 0 {
		return apperr.FieldErrors(bad)
	}
	return nil
}

// Generate returns a password with at least one character of each chosen
// class, every character drawn uniformly (no modulo bias) from crypto/rand.
func Generate(o Options) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	classes := o.classes()
	alphabet := strings.Join(classes, "")
	out := make([]byte, o.Length)
	// Rejection sampling: drawing the whole password again until every class
	// appears keeps each acceptable password equally likely, which placing one
	// character per class at random positions would not.
	for {
		for i := range out {
			c, err := pick(alphabet)
			if err != nil {
				return Result{}, apperr.Wrap(err, "read random bytes")
			}
			out[i] = c
		}
		if hasEveryClass(out, classes) {
			break
		}
	}
	return Result{Password: string(out), EntropyBits: float64(o.Length) * math.Log2(float64(len(alphabet)))}, nil
}

func pick(alphabet string) (byte, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
	if err != nil {
		return 0, err
	}
	return alphabet[n.Int64()], nil
}

func hasEveryClass(password []byte, classes []string) bool {
	for _, set := range classes {
		if !strings.ContainsAny(string(password), set) {
			return false
		}
	}
	return true
}
