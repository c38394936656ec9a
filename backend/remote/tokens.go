package remote

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// claims reads a token without verifying it: only the server knows the key.
// The client uses the result to refresh ahead of expiry, never to decide
// whom to trust.
func claims(token string) (jwt.MapClaims, bool) {
	c := jwt.MapClaims{}
	_, _, err := jwt.NewParser(jwt.WithJSONNumber()).ParseUnverified(token, c)
	return c, err == nil
}

// ExpiresAt is the token's exp claim, unverified.
func ExpiresAt(token string) (time.Time, bool) {
	c, ok := claims(token)
	if !ok {
		return time.Time{}, false
	}
	exp, err := c.GetExpirationTime()
	if err != nil || exp == nil {
		return time.Time{}, false
	}
	return exp.Time, true
}

// UserID is the token's user_id claim, a number or (newer SimpleJWT) a string.
func UserID(token string) (int64, bool) {
	c, ok := claims(token)
	if !ok {
		return 0, false
	}
	switch v := c["user_id"].(type) {
	case json.Number:
		id, err := v.Int64()
		return id, err == nil
	case string:
		id, err := strconv.ParseInt(v, 10, 64)
		return id, err == nil
	}
	return 0, false
}
