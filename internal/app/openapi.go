package app

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/concord-erp/concord/internal/httpapi"
)

// OpenAPI runs "concord openapi": it prints the REST API's OpenAPI document
// (the one served at /api/openapi.json) to stdout. It opens no database, so
// the web UI's build can generate its typed client from it anywhere. It
// returns the process exit code: 0 success, 1 failure, 2 usage error.
func OpenAPI(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("concord openapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	v30 := fs.Bool("3.0", false, "print the OpenAPI 3.0 version (/api/openapi-3.0.json), for client generators such as oapi-codegen")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: concord openapi [--3.0]\n\nPrint the OpenAPI 3.1 document of the REST API (as served at /api/openapi.json).\nNeeds no database.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "concord: openapi takes no arguments, got %q\n", fs.Arg(0))
		return 2
	}
	path := "/api/openapi.json"
	if *v30 {
		path = "/api/openapi-3.0.json"
	}
	doc, err := httpapi.OpenAPIAt(path)
	if err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return 1
	}
	if _, err := stdout.Write(append(doc, '\n')); err != nil {
		fmt.Fprintln(stderr, "concord: "+oneLine(err))
		return 1
	}
	return 0
}
