package party

import "github.com/concord-erp/concord/internal/platform/outbox"

// MergedPayload is the data of party.party.merged.v1: the surviving party
// and the code and ID of the one merged into it.
type MergedPayload struct {
	Party      Party  `json:"party"`
	MergedID   string `json:"merged_id"`
	MergedCode string `json:"merged_code"`
}

// EventTypes are the events party emits, for the event catalog.
var EventTypes = []outbox.Type{
	{Name: EventCreated, Aggregate: "party", Payload: Party{}, Summary: "A customer or supplier was created."},
	{Name: EventUpdated, Aggregate: "party", Payload: Party{}, Summary: "A party's data changed."},
	{Name: EventMerged, Aggregate: "party", Payload: MergedPayload{}, Summary: "A duplicate party was merged into this one; its code and ID now find this one."},
}
