package store

// IdleLockMinutes returns the stored idle auto-lock delay, or def when unset.
func (t *Tx) IdleLockMinutes(def int) int {
	v := t.tx.Bucket(bucketSettings).Get(keyIdleLockMinutes)
	if v == nil {
		return def
	}
	return int(btoi(v))
}

// SetIdleLockMinutes stores the idle auto-lock delay.
func (t *Tx) SetIdleLockMinutes(minutes int) error {
	return t.tx.Bucket(bucketSettings).Put(keyIdleLockMinutes, itob(uint64(minutes)))
}
