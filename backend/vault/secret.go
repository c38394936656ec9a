package vault

import "encoding/binary"

// secretAD binds a sealed secret to its user and purpose, so a sealed value
// copied to another user or another slot does not open.
func secretAD(userID uint64, purpose string) []byte {
	return binary.BigEndian.AppendUint64([]byte("passdesk secret v1/"+purpose+"/"), userID)
}

// SealSecret encrypts a small secret (e.g. a remote refresh token) under the
// user's data key, so it dies with the account like the saved passwords.
func SealSecret(dataKey []byte, userID uint64, purpose string, secret []byte) ([]byte, error) {
	return seal(dataKey, secret, secretAD(userID, purpose))
}

// OpenSecret decrypts what SealSecret sealed for the same user and purpose.
func OpenSecret(dataKey []byte, userID uint64, purpose string, sealed []byte) ([]byte, error) {
	return open(dataKey, sealed, secretAD(userID, purpose))
}
