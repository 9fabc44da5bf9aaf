package identity

// Outbox event types published by identity. Payloads are the resource as
// after the change (never secrets).
const (
	EventUserCreated   = "identity.user.created.v1"
	EventUserUpdated   = "identity.user.updated.v1"
	EventRoleCreated   = "identity.role.created.v1"
	EventRoleUpdated   = "identity.role.updated.v1"
	EventRoleDeleted   = "identity.role.deleted.v1"
	EventTokenCreated  = "identity.token.created.v1"
	EventTokenRevoked  = "identity.token.revoked.v1"
	EventModuleChanged = "identity.module.changed.v1"
)
