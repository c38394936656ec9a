//go:build race

package avatar

// raceEnabled lets the slowest cases skip under the race detector, which
// makes pixel loops ~10× slower.
const raceEnabled = true
