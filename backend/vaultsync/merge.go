package vaultsync

import (
	"encoding/json"

	"passdesk/backend/remote"
	"passdesk/backend/store"
	"passdesk/backend/vault"
)

// Fields are the synced fields of an entry, by the service's names.
var Fields = []string{"name_pages", "url", "password_saved"}

// PasswordField is the field whose values are never shown in a conflict.
const PasswordField = "password_saved"

func get(p remote.Password, field string) string {
	switch field {
	case "name_pages":
		return p.NamePages
	case "url":
		return p.URL
	}
	return p.PasswordSaved
}

func set(p *remote.Password, field, v string) {
	switch field {
	case "name_pages":
		p.NamePages = v
	case "url":
		p.URL = v
	default:
		p.PasswordSaved = v
	}
}

func fromInput(in vault.Input) remote.Password {
	return remote.Password{NamePages: in.NamePages, URL: in.URL, PasswordSaved: in.PasswordSaved}
}

func toInput(p remote.Password) vault.Input {
	return vault.Input{NamePages: p.NamePages, URL: p.URL, PasswordSaved: p.PasswordSaved}
}

// linkState is what a link keeps sealed: the server's entry as last
// synced (the base of the three-way merge) and, per field changed on both
// sides to different values, the server's value, waiting for the user.
type linkState struct {
	Base     remote.Password   `json:"base"`
	Conflict map[string]string `json:"conflict,omitempty"`
}

// server is the server's current entry: the base with the conflicting
// fields at the server's values.
func (st linkState) server() remote.Password {
	p := st.Base
	for f, v := range st.Conflict {
		set(&p, f, v)
	}
	return p
}

// link is a store.VaultLink with its state opened.
type link struct {
	store.VaultLink
	linkState
}

func openLinks(tx *store.Tx, userID uint64, key []byte) (map[uint64]link, error) {
	raw, err := tx.VaultLinks(userID)
	if err != nil {
		return nil, err
	}
	out := make(map[uint64]link, len(raw))
	for id, l := range raw {
		if out[id], err = openLink(key, userID, id, l); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func openLink(key []byte, userID, id uint64, l store.VaultLink) (link, error) {
	var st linkState
	if len(l.Sealed) > 0 {
		plain, err := vault.OpenLinkState(key, userID, id, l.Sealed)
		if err != nil {
			return link{}, err
		}
		err = json.Unmarshal(plain, &st)
		clear(plain)
		if err != nil {
			return link{}, err
		}
	}
	return link{VaultLink: l, linkState: st}, nil
}

func putLink(tx *store.Tx, userID uint64, key []byte, entryID uint64, l link) error {
	plain, err := json.Marshal(l.linkState)
	if err != nil {
		return err
	}
	l.Conflicted = len(l.Conflict) > 0
	l.Sealed, err = vault.SealLinkState(key, userID, entryID, plain)
	clear(plain)
	if err != nil {
		return err
	}
	return tx.PutVaultLink(userID, entryID, l.VaultLink)
}

// mergeEntry merges one entry three-way, field by field: a field equal on
// both sides is settled; one changed on one side only takes that side (the
// server's change is applied to local, a local change waits to be sent);
// one changed on both sides to different values is a conflict. It returns
// the merged local entry and whether it differs from local.
func mergeEntry(local, server remote.Password, st *linkState) (remote.Password, bool) {
	merged, changed := local, false
	st.Conflict = nil
	for _, f := range Fields {
		l, s, b := get(local, f), get(server, f), get(st.Base, f)
		switch {
		case l == s:
			set(&st.Base, f, s)
		case l == b:
			set(&merged, f, s)
			set(&st.Base, f, s)
			changed = true
		case s == b: // changed here only: sent by the push
		default:
			if st.Conflict == nil {
				st.Conflict = map[string]string{}
			}
			st.Conflict[f] = s
		}
	}
	return merged, changed
}

// changedFields are the fields of local that differ from the base and are
// not in conflict: what an update sends.
func changedFields(local remote.Password, st linkState) map[string]string {
	out := map[string]string{}
	for _, f := range Fields {
		if _, held := st.Conflict[f]; !held && get(local, f) != get(st.Base, f) {
			out[f] = get(local, f)
		}
	}
	return out
}
