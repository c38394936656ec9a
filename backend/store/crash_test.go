package store_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"passdesk/backend/store"
)

// The crash test (issue 11): a child process deletes users and compacts, or
// writes and backs up, printing an acknowledgement after each call that
// returned; the parent SIGKILLs it at a random moment and then checks that
// the file opens, Check is clean, every acknowledged write is there (and
// every acknowledged deletion is not), any backup is whole, and no temp or
// .partial file is left readable by others. Long: run by `make crash`
// (PASSDESK_CRASH_CYCLES=100), skipped otherwise.
func TestCrashKillsDuringDeletionCompactionAndBackup(t *testing.T) {
	cycles, _ := strconv.Atoi(os.Getenv("PASSDESK_CRASH_CYCLES"))
	if cycles <= 0 {
		t.Skip("set PASSDESK_CRASH_CYCLES (make crash) to run the crash test")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, store.FileName)
	created, deleted, maybeDeleted := map[string]bool{}, map[string]bool{}, map[string]bool{}
	killedIn := map[string]int{}
	for cycle := range cycles {
		mode := []string{"delete", "backup"}[cycle%2]
		acks := runAndKill(t, dir, mode, cycle)
		interrupted := "nothing"
		for _, ack := range acks {
			kind, name, _ := strings.Cut(ack, " ")
			switch kind {
			case "created":
				created[name] = true
			case "deleted":
				deleted[name] = true
			case "doing":
				interrupted, name, _ = strings.Cut(name, " ")
				if interrupted == "delete" { // under way: may or may not have landed
					maybeDeleted[name] = true
				}
			default:
				interrupted = "nothing"
			}
		}
		killedIn[interrupted]++
		checkAfterCrash(t, dir, path, created, deleted, maybeDeleted, cycle)
		if t.Failed() {
			return
		}
	}
	t.Logf("%d cycles; acknowledged %d creations, %d deletions; killed during: %v",
		cycles, len(created), len(deleted), killedIn)
}

// runAndKill starts the child in mode and kills it at a random moment: after
// a random number of acknowledgements, then a random delay of up to 20 ms.
func runAndKill(t *testing.T, dir, mode string, cycle int) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "PASSDESK_CRASH_CHILD="+mode, "PASSDESK_CRASH_DIR="+dir, "PASSDESK_CRASH_CYCLE="+strconv.Itoa(cycle))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var acks []string
	killAfter := rand.IntN(12)
	var kill <-chan time.Time
	for line := range lines {
		acks = append(acks, line)
		if line == "ready" || kill != nil {
			continue
		}
		if killAfter--; killAfter < 0 {
			kill = time.After(time.Duration(rand.IntN(20_000)) * time.Microsecond)
			go func(k <-chan time.Time) { <-k; _ = cmd.Process.Kill() }(kill) // SIGKILL on Unix
		}
	}
	_ = cmd.Wait()
	if len(acks) == 0 || acks[0] != "ready" {
		t.Fatalf("cycle %d: the child did not start: %v", cycle, acks)
	}
	return acks
}

func checkAfterCrash(t *testing.T, dir, path string, created, deleted, maybeDeleted map[string]bool, cycle int) {
	t.Helper()
	for _, name := range folderNames(t, dir) {
		info, err := os.Lstat(filepath.Join(dir, name))
		if err == nil && info.Mode().Perm()&0o077 != 0 {
			t.Errorf("cycle %d: %s is readable by others (%v)", cycle, name, info.Mode().Perm())
		}
	}
	backup := filepath.Join(dir, "backup.db")
	if _, err := os.Stat(backup); err == nil {
		b, err := store.Open(backup, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("cycle %d: the published backup does not open: %v", cycle, err)
		}
		if problems := b.Check(); len(problems) > 0 {
			t.Errorf("cycle %d: the published backup fails the check: %v", cycle, problems)
		}
		_ = b.Close()
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatalf("cycle %d: the file does not open after the kill: %v", cycle, err)
	}
	defer db.Close()
	if problems := db.Check(); len(problems) > 0 {
		t.Fatalf("cycle %d: check after the kill: %v", cycle, problems)
	}
	for name := range created {
		if !deleted[name] && !maybeDeleted[name] && !hasUser(t, db, name) {
			t.Errorf("cycle %d: acknowledged creation of %s lost", cycle, name)
		}
	}
	for name := range deleted {
		if hasUser(t, db, name) {
			t.Errorf("cycle %d: acknowledged deletion of %s undone", cycle, name)
		}
	}
	for _, left := range tempLeftovers(t, dir) {
		if filepath.Base(left) != "backup.db.partial" { // the next backup clears that one
			t.Errorf("cycle %d: Open left a temp file: %s", cycle, left)
		}
	}
}

// TestCrashChild is the child of the crash test; it runs until killed.
func TestCrashChild(t *testing.T) {
	mode := os.Getenv("PASSDESK_CRASH_CHILD")
	if mode == "" {
		t.Skip("run by TestCrashKillsDuringDeletionCompactionAndBackup")
	}
	dir := os.Getenv("PASSDESK_CRASH_DIR")
	cycle := os.Getenv("PASSDESK_CRASH_CYCLE")
	db, err := store.Open(filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	var alive []uint64
	names := map[uint64]string{}
	for i := 0; ; i++ {
		name := fmt.Sprintf("c%s-%d", cycle, i)
		fmt.Println("doing create")
		ids := addPictures(t, db, name+"-", 1, 32<<10)
		name += "-0"
		alive, names[ids[0]] = append(alive, ids[0]), name
		fmt.Println("created", name)
		switch {
		case mode == "delete" && len(alive) > 1:
			victim := alive[0]
			alive = alive[1:]
			fmt.Println("doing delete", names[victim])
			deleteUsers(t, db, []uint64{victim})
			fmt.Println("deleted", names[victim])
			fmt.Println("doing compact")
			if _, err := db.Compact(); err != nil {
				t.Fatal(err)
			}
			fmt.Println("compacted")
		case mode == "backup":
			fmt.Println("doing backup")
			if err := db.Backup(filepath.Join(dir, "backup.db")); err != nil {
				t.Fatal(err)
			}
			fmt.Println("backed-up")
		}
	}
}
