// Command remoteserver runs the contract test server on its own, for the
// end-to-end tests: it prints "listening <base URL>" once serving, and
// answers GET /_test/account?email=… with that account's profile so a test
// can see what reached the "server".
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"passdesk/backend/remote/remotetest"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	accessTTL := flag.Duration("access-ttl", 5*time.Minute, "access token lifetime")
	flag.Parse()
	srv, err := remotetest.NewOn(*addr, remotetest.Options{AccessTTL: *accessTTL})
	if err != nil {
		fmt.Fprintln(os.Stderr, "remoteserver:", err)
		os.Exit(1)
	}
	defer srv.Close()
	srv.Handle("/_test/account", func(w http.ResponseWriter, r *http.Request) {
		a, ok := srv.AccountByEmail(r.URL.Query().Get("email"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": a.ID, "username": a.Username, "email": a.Email, "first_name": a.FirstName,
			"last_name": a.LastName, "number_phone": a.NumberPhone, "avatar_path": a.AvatarPath,
		})
	})
	fmt.Println("listening", srv.URL)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
