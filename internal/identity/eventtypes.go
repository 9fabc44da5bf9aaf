package identity

import "github.com/concord-erp/concord/internal/platform/outbox"

// EventTypes are the events identity emits, for the event catalog. None
// carries a password or a token secret.
var EventTypes = []outbox.Type{
	{Name: EventUserCreated, Aggregate: "user", Payload: User{}, Summary: "A user was created."},
	{Name: EventUserUpdated, Aggregate: "user", Payload: User{}, Summary: "A user's name, roles, language, time zone or status changed."},
	{Name: EventRoleCreated, Aggregate: "role", Payload: Role{}, Summary: "A custom role was created."},
	{Name: EventRoleUpdated, Aggregate: "role", Payload: Role{}, Summary: "A custom role changed."},
	{Name: EventRoleDeleted, Aggregate: "role", Payload: Role{}, Summary: "A custom role was deleted (data: the role as it was)."},
	{Name: EventTokenCreated, Aggregate: "token", Payload: Token{}, Summary: "An API token was created (its secret is never in an event)."},
	{Name: EventTokenRevoked, Aggregate: "token", Payload: Token{}, Summary: "An API token was revoked."},
	{Name: EventModuleChanged, Aggregate: "module", Payload: Module{}, Summary: "A module was switched on or off."},
	{Name: EventViewSaved, Aggregate: "saved_view", Payload: SavedView{}, Summary: "A user saved a view of a list."},
	{Name: EventViewDeleted, Aggregate: "saved_view", Payload: SavedView{}, Summary: "A user deleted a saved view (data: the view as it was)."},
}
