// Package buildinfo reports which build of Concord is running.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// Version is set at link time (-ldflags "-X …/buildinfo.Version=v1.2.3");
// untagged builds report "dev".
var Version = "dev"

// Info describes the running binary.
type Info struct {
	Version   string `json:"version" doc:"Release version, or dev."`
	Commit    string `json:"commit" doc:"VCS revision the binary was built from, if known."`
	Modified  bool   `json:"modified" doc:"Whether the work tree had uncommitted changes at build time."`
	GoVersion string `json:"go_version" doc:"Go toolchain version."`
}

// Get returns the build information.
func Get() Info {
	info := Info{Version: Version, GoVersion: runtime.Version()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Commit = s.Value
			case "vcs.modified":
				info.Modified = s.Value == "true"
			}
		}
	}
	return info
}
