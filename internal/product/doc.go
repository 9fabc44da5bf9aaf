// Package product owns what Concord sells, buys, stocks and makes: products
// with their codes, localized names, categories, units of measure, prices,
// reorder settings and preferred suppliers.
//
// It publishes product.product.created.v1 and product.product.updated.v1
// and imports only platform packages; supplier IDs refer to parties but are
// checked by the caller that composes both modules.
package product
