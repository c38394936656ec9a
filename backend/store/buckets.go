// Package store keeps all of PassDesk's data in one bbolt file.
//
// Bucket tree (<…> is a variable key, "->" a value):
//
//	meta/
//	  schema_version -> uint64, big-endian (the one value with no tag, see below)
//	  record_key     -> 32 random bytes, the per-install key of the record tags
//	  token_key      -> 32 random bytes, the per-install HS256 session-token key
//	settings/
//	  idle_lock_minutes -> uint64, big-endian
//	  theme             -> "system" | "light" | "dark"
//	  language          -> "system" | "en" | "es"
//	  window_state      -> JSON windowstate.State: last normal rectangle, maximised
//	users/                               (its sequence hands out ids; never reused)
//	  <user id: uint64 big-endian>/
//	    record   -> JSON User
//	    password -> PHC string of the password's verifier (package accounts):
//	                "$argon2id-hkdf$…" when one argon2id run gave it and the
//	                key that wraps data_key, "$argon2id$…" (before issue 13,
//	                until the next sign-in) when data_key has its own run;
//	                ",pw=opaque" in its parameters when made from the
//	                prepared password (identity.Password), absent on
//	                records of raw bytes from before schema 3
//	    data_key -> the user's random data key, wrapped under a key derived
//	                from their password in the scheme the password record
//	                names (see package vault)
//	    avatar, avatar_thumb -> re-encoded JPEGs (512 and 128 px); the
//	                record's avatar_hash names the current one
//	    sessions/
//	      <jti>  -> empty (lets DeleteUser find the user's sessions)
//	    vault/                           (its sequence hands out entry ids)
//	      <entry id: uint64 big-endian> -> sealed saved-password entry
//	    sync/                            (only while linked to a remote account)
//	      link   -> JSON SyncLink: server URL, remote id, where the token lives
//	      state  -> JSON SyncState: merge base, open conflicts, last sync
//	      token  -> remote refresh token sealed under the data key (when no keychain)
//	      outbox/                        (its sequence orders the queue)
//	        <seq: uint64 big-endian> -> JSON OutboxChange, written in the
//	                                    same transaction as the local edit
//	      vault/                         (only while saved-password sync is on; vaultsync.go)
//	        state  -> JSON VaultSyncState: first import done, last sync, refusals
//	        links/
//	          <entry id: uint64 big-endian> -> JSON VaultLink: the server's
//	                    entry id, a deletion still to send, whether a
//	                    conflict is open, and the merge base and that
//	                    conflict sealed under the data key
//	        outbox/                      (its sequence orders the queue)
//	          <seq: uint64 big-endian> -> entry id (uint64 big-endian) of a
//	                    local create, edit or delete, written in the same
//	                    transaction as the change
//	index/                            (keys: package identity; see emailKey)
//	  email/<email key>       -> user id
//	  username/<username key> -> user id
//	sessions/
//	  <jti> -> JSON Session
//
// Every value above is stored followed by a 16-byte integrity tag binding it
// to its bucket path and key (integrity.go), checked on every read and by
// Check; only meta/schema_version, which Open reads before it knows whether
// the file has tags, is stored bare. All reads and writes go through the
// path-aware bucket type there, which the Tx accessors below return.
//
// Everything that belongs to a user lives under users/<id>, in the index, or in
// sessions/ (reachable from users/<id>/sessions), so deleting a user is one
// transaction that visits exactly those places. Secrets under users/<id> are
// sealed with the user's data key; deleting data_key with the rest leaves
// any copy in the file's free pages unreadable.
package store

import (
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"passdesk/backend/identity"
)

var (
	bucketMeta     = []byte("meta")
	bucketSettings = []byte("settings")
	bucketUsers    = []byte("users")
	bucketIndex    = []byte("index")
	bucketSessions = []byte("sessions")

	bucketIndexEmail    = []byte("email")
	bucketIndexUsername = []byte("username")
	bucketUserSessions  = []byte("sessions")
	bucketUserVault     = []byte("vault")
	bucketUserSync      = []byte("sync")
	bucketSyncOutbox    = []byte("outbox")
	bucketSyncVault     = []byte("vault")
	bucketVaultLinks    = []byte("links")
	bucketVaultOutbox   = []byte("outbox")

	keySchemaVersion   = []byte("schema_version")
	keyRecordKey       = []byte("record_key")
	keyTokenKey        = []byte("token_key")
	keyIdleLockMinutes = []byte("idle_lock_minutes")
	keyTheme           = []byte("theme")
	keyLanguage        = []byte("language")
	keyWindowState     = []byte("window_state")
	keyUserRecord      = []byte("record")
	keyUserPassword    = []byte("password")
	keyUserDataKey     = []byte("data_key")
	keyUserAvatar      = []byte("avatar")
	keyUserAvatarThumb = []byte("avatar_thumb")
	keySyncLink        = []byte("link")
	keySyncState       = []byte("state")
	keySyncToken       = []byte("token")
	keyVaultSyncState  = []byte("state")
)

func itob(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func btoi(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// emailKey and usernameKey are the forms under which emails and usernames
// are indexed (identity.EmailKey, identity.UsernameKey: Unicode case
// folding after NFKC, the email domain in IDNA ASCII), so that uniqueness
// and sign-in ignore case and how the text was typed.
func emailKey(s string) []byte    { return []byte(identity.EmailKey(s)) }
func usernameKey(s string) []byte { return []byte(identity.UsernameKey(s)) }

func getBucket(tx *bolt.Tx, path ...[]byte) *bolt.Bucket {
	b := tx.Bucket(path[0])
	for _, name := range path[1:] {
		if b == nil {
			return nil
		}
		b = b.Bucket(name)
	}
	return b
}

func metaBucket(tx *bolt.Tx) *bolt.Bucket { return tx.Bucket(bucketMeta) }

func (t *Tx) meta() *bucket          { return t.bucket(bucketMeta) }
func (t *Tx) settings() *bucket      { return t.bucket(bucketSettings) }
func (t *Tx) users() *bucket         { return t.bucket(bucketUsers) }
func (t *Tx) sessions() *bucket      { return t.bucket(bucketSessions) }
func (t *Tx) emailIndex() *bucket    { return t.bucket(bucketIndex, bucketIndexEmail) }
func (t *Tx) usernameIndex() *bucket { return t.bucket(bucketIndex, bucketIndexUsername) }
func (t *Tx) user(id uint64) *bucket { return t.bucket(bucketUsers, itob(id)) }
