package remote

import (
	"context"
	"errors"
	"net/http"
	"strconv"
)

// The service's saved passwords (remote-api.md): listed with GET
// view-all-saved-passwords/, created with POST save-passwords/ (whose
// answer is a bare JSON string without the new id), updated and deleted by
// id. The server keeps them in plain text.

// Password is a saved password's fields by the service's names.
type Password struct {
	NamePages     string `json:"name_pages"`
	URL           string `json:"url"`
	PasswordSaved string `json:"password_saved"`
}

// SavedPassword is one of the server's saved passwords. User is never
// decoded: it is the owner, i.e. the caller.
type SavedPassword struct {
	ID int64 `json:"id"`
	Password
}

// Passwords lists the caller's saved passwords.
func (c *Client) Passwords(ctx context.Context, access string) ([]SavedPassword, error) {
	var out struct {
		Passwords *[]SavedPassword `json:"passwords"`
	}
	err := c.do(ctx, call{method: http.MethodGet, path: "view-all-saved-passwords/", access: access, out: &out})
	if err == nil && out.Passwords == nil {
		return nil, &Error{Kind: KindProtocol, Status: http.StatusOK, Err: errors.New("list answer without passwords")}
	}
	if err != nil {
		return nil, err
	}
	return *out.Passwords, nil
}

// CreatePassword saves p for the account user (the linked account's own
// id: the server takes whatever user the body names) and returns the new
// entry's id. The answer carries no id, so the list is read again: the new
// entry is the newest one with p's fields whose id known does not claim
// (ids the caller already had listed or linked). When the list has no such
// entry the id is 0 with no error: the next sync finds it by its fields.
func (c *Client) CreatePassword(ctx context.Context, access string, user int64, p Password, known func(id int64) bool) (int64, error) {
	body := map[string]any{"name_pages": p.NamePages, "url": p.URL, "password_saved": p.PasswordSaved, "user": user}
	var answer string // "password saved successfully"
	if err := c.do(ctx, call{method: http.MethodPost, path: "save-passwords/", access: access, json: body, out: &answer}); err != nil {
		return 0, err
	}
	list, err := c.Passwords(ctx, access)
	if err != nil {
		return 0, err
	}
	var id int64
	for _, sp := range list {
		if sp.Password == p && sp.ID > id && !known(sp.ID) {
			id = sp.ID
		}
	}
	return id, nil
}

func passwordPath(id int64, action string) string {
	return "view-all-saved-passwords/" + strconv.FormatInt(id, 10) + "/" + action + "/"
}

// UpdatePassword sends the changed fields of entry id (by the service's
// names; nothing else, never "user").
func (c *Client) UpdatePassword(ctx context.Context, access string, id int64, fields map[string]string) error {
	var answer string // "data saved"
	return c.do(ctx, call{method: http.MethodPut, path: passwordPath(id, "update"), access: access, json: fields, out: &answer})
}

// DeletePassword deletes entry id. The server answers 204 with a body,
// which would poison a reused connection, so this request closes its own.
func (c *Client) DeletePassword(ctx context.Context, access string, id int64) error {
	return c.do(ctx, call{method: http.MethodDelete, path: passwordPath(id, "delete"), access: access, close: true})
}

// IsNotFound reports whether the server said the object does not exist
// (404, as the saved-password routes answer for a missing or foreign id).
func IsNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}
