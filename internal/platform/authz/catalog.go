package authz

import (
	"slices"
	"sync"
)

// Catalog is the set of permissions that exist: the route table adds each
// operation's permission as it registers it, and modules add the record-rule
// permissions they check. Custom roles may only grant patterns that match
// something in it, so a typo is caught when the role is saved.
type Catalog struct {
	mu    sync.RWMutex
	perms map[string]bool
}

// NewCatalog returns a catalog holding perms.
func NewCatalog(perms ...string) *Catalog {
	c := &Catalog{perms: map[string]bool{}}
	c.Add(perms...)
	return c
}

// Add records permissions; Public and Authenticated are not permissions and
// are ignored.
func (c *Catalog) Add(perms ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range perms {
		if p != Public && p != Authenticated {
			c.perms[p] = true
		}
	}
}

// All returns every permission, sorted.
func (c *Catalog) All() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]string, 0, len(c.perms))
	for p := range c.perms {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Covers reports whether pattern matches at least one known permission.
func (c *Catalog) Covers(pattern string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for p := range c.perms {
		if Match(pattern, p) {
			return true
		}
	}
	return false
}
