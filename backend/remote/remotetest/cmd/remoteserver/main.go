// Command remoteserver runs the contract test server on its own, for the
// end-to-end tests: it prints "listening <base URL>" once serving, and
// answers GET /_test/account?email=… with that account's profile so a test
// can see what reached the "server". It stops on SIGINT or SIGTERM.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"passdesk/backend/remote/remotetest"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	flags := flag.NewFlagSet("remoteserver", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	accessTTL := flags.Duration("access-ttl", 5*time.Minute, "access token lifetime")
	refreshTTL := flags.Duration("refresh-ttl", 24*time.Hour, "refresh token lifetime")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	// Catch signals before announcing, so a stop sent right after the
	// "listening" line still shuts down cleanly.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	srv, err := remotetest.NewOn(*addr, remotetest.Options{AccessTTL: *accessTTL, RefreshTTL: *refreshTTL})
	if err != nil {
		fmt.Fprintln(os.Stderr, "remoteserver:", err)
		return 1
	}
	defer srv.Close()
	srv.EnableInspection()
	fmt.Println("listening", srv.URL)
	<-stop
	return 0
}
