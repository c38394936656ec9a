// Package keychain keeps secrets in the operating system's credential
// store (Keychain on macOS, Credential Manager on Windows, the Secret
// Service on Linux) through github.com/zalando/go-keyring.
package keychain

import (
	"errors"
	"time"

	"github.com/zalando/go-keyring"
)

// Service is the name PassDesk's entries are filed under.
const Service = "PassDesk"

// timeout bounds each call: on Linux a Secret Service that is present but
// locked can wait for a prompt nobody answers, and sync must not hang.
const timeout = 3 * time.Second

var errTimeout = errors.New("the system keychain did not answer in time")

// OS is the system keychain. Every method fails (rather than blocks) when
// there is none, and callers fall back to sealing the secret themselves.
type OS struct{}

// Set stores secret under account.
func (OS) Set(account, secret string) error {
	return within(func() error { return keyring.Set(Service, account, secret) })
}

// Get reads the secret stored under account.
func (OS) Get(account string) (string, error) {
	var secret string
	err := within(func() (err error) { secret, err = keyring.Get(Service, account); return err })
	return secret, err
}

// Delete removes account's secret; a missing one is not an error.
func (OS) Delete(account string) error {
	err := within(func() error { return keyring.Delete(Service, account) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return err
}

func within(fn func() error) error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return errTimeout
	}
}
