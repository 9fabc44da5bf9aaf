// This module only stops the Go tool from treating web/ (and Go files that
// npm packages ship under node_modules) as part of the Concord module.
module concord-web
