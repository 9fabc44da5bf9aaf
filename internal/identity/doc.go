// Package identity owns users, roles, web sessions, API tokens, login
// throttling and module switches, and reads the audit trail for the API.
//
// It publishes the outbox events named in events.go. It imports only
// platform packages. Permissions are strings named module.resource.action
// (see platform/authz); this package stores which roles grant which
// permission patterns and turns a session or token into an authz.Principal.
package identity
