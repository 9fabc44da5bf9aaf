// Package refcache keeps a small reference table (the chart of accounts,
// taxes, payment terms, approval policies, warehouses, module switches) in
// memory for a moment: every order, shipment, invoice and payment reads
// such tables, and they change a few times a year.
//
// A change made through this node's services resets the copy, so it
// applies here at once; one made on another node applies here within TTL.
package refcache

import (
	"sync"
	"time"
)

// TTL is how long a node trusts a table it read.
const TTL = time.Second

// Value is one table as last read. Callers must not modify what Get returns:
// it is shared by every request of the node. The zero Value is empty.
type Value[T any] struct {
	mu   sync.Mutex
	v    T
	read time.Time
	held bool
	gen  uint64 // bumped by Reset, so a load that raced a change is not kept
}

// Get returns the table, calling load when none is held or it is older
// than TTL. A load's error is returned and nothing is kept.
func (c *Value[T]) Get(load func() (T, error)) (T, error) {
	c.mu.Lock()
	if c.held && time.Since(c.read) < TTL {
		v := c.v
		c.mu.Unlock()
		return v, nil
	}
	gen := c.gen
	c.mu.Unlock()
	v, err := load()
	if err != nil {
		var zero T
		return zero, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.v, c.read, c.held = v, time.Now(), true
	}
	c.mu.Unlock()
	return v, nil
}

// Reset drops the table; the next Get reads it again. Call it after the
// transaction that changed the table has ended.
func (c *Value[T]) Reset() {
	c.mu.Lock()
	var zero T
	c.v, c.held = zero, false
	c.gen++
	c.mu.Unlock()
}
