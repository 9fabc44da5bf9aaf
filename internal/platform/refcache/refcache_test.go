package refcache

import (
	"errors"
	"testing"
)

func TestValue(t *testing.T) {
	var c Value[int]
	loads := 0
	load := func() (int, error) { loads++; return loads * 10, nil }
	for range 3 {
		if v, err := c.Get(load); err != nil || v != 10 {
			t.Fatalf("Get = %d, %v; want 10 read once", v, err)
		}
	}
	c.Reset()
	if v, _ := c.Get(load); v != 20 || loads != 2 {
		t.Fatalf("after Reset: %d after %d loads, want 20 after 2", v, loads)
	}

	// A load that fails keeps nothing; the next Get loads again.
	c.Reset()
	if _, err := c.Get(func() (int, error) { return 0, errors.New("down") }); err == nil {
		t.Fatal("a failed load returned no error")
	}
	if v, _ := c.Get(load); v != 30 {
		t.Fatalf("after a failed load: %d, want 30", v)
	}

	// A load that was running when the table changed is not kept.
	c.Reset()
	v, _ := c.Get(func() (int, error) { c.Reset(); return -1, nil })
	if v != -1 {
		t.Fatalf("racing load returned %d", v)
	}
	if v, _ := c.Get(load); v != 40 {
		t.Fatalf("a load that raced Reset was kept: got %d, want 40", v)
	}
}
