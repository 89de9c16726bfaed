// Package imageversions declares the Piraeus Operator's image configuration types as
// pkg/imageversions/versions.go does (same names, field types and yaml tags), so that
// encoding/json's messages name them as the operator's do.
package imageversions

type Config struct {
	Base       string                     `yaml:"base"`
	Components map[string]ComponentConfig `yaml:"components"`
	// The operator keeps the data key here; unexported, so encoding/json never sets it.
	source string
}

type ComponentConfig struct {
	Tag    string    `yaml:"tag"`
	Match  []OsMatch `yaml:"match"`
	Image  string    `yaml:"image"`
	Digest string    `yaml:"digest,omitempty"`
}

type OsMatch struct {
	OsImage     string `yaml:"osImage"`
	Image       string `yaml:"image"`
	Precompiled bool   `yaml:"precompiled"`
	Digest      string `yaml:"digest,omitempty"`
}
