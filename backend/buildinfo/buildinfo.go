// Package buildinfo names the build. Version is set at link time
// (-ldflags "-X passdesk/backend/buildinfo.Version=…") by the Makefile from
// wails.json's productVersion, the one place the version is written.
package buildinfo

// Version is PassDesk's version.
var Version = "0.1.0-dev"

// ProductName is the name shown to users and used for the data folder.
const ProductName = "PassDesk"
