// Command go-yaml-answers fills in the operator's answers in the case table
// test/fixtures/go-yaml-answers.json: for every case, what the Piraeus Operator's decoding of a
// ConfigMap entry gives. The operator (pkg/imageversions, FromConfigMap) calls
// sigs.k8s.io/yaml's Unmarshal on each entry into its Config struct; this program declares the
// same struct shape (field names and yaml tags; encoding/json ignores the tags and matches the
// Go field names case-insensitively) and makes the same call.
//
//	go run . < cases.json > answered.json          # replaces every answer
//	go run . -verify < answered.json > again.json  # with another Go release: checks its answers
//
// The table's "cases" are {name, text}; each gets "go": either {"config": ...}, the decoded
// Config with empty fields left out, or {"error": {"stage", "message"}}. The stage says which
// layer failed; the message is Go's without the prefix sigs.k8s.io/yaml puts before that stage's
// errors ("error converting YAML to JSON: " for the first three, "error unmarshaling JSON: while
// decoding JSON: " for json):
//
//	parse   go-yaml's reader, scanner, parser or composer (syntax, characters, unknown anchors)
//	decode  go-yaml's decoder building interface{} values (aliases, merges, map keys, tags)
//	tojson  sigs.k8s.io/yaml's conversion of those values to JSON (map keys, json.Marshal)
//	json    encoding/json decoding the JSON into the structs (type errors)
//
// Go's map iteration order is random, and sigs.k8s.io/yaml converts a map by iterating it, so a
// case whose answer depends on that order (two keys that become one JSON key, two bad keys) is
// run several times; when the answers differ, "goAny" lists every distinct one (sorted) instead.
//
// The header records the Go release ("go": every release whose answers were checked, in order),
// the modules this binary was built with and, from -source module=commit, the commits of their
// source trees. Non-ASCII characters are written as \u escapes.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"unicode/utf16"

	"sigs.k8s.io/yaml"

	"cdk8s-piraeus.local/go-yaml-answers/imageversions"
)

// The answer's view of a Config: empty fields left out, components by name (json sorts them).
type ruleView struct {
	OsImage     string `json:"osImage,omitempty"`
	Image       string `json:"image,omitempty"`
	Precompiled bool   `json:"precompiled,omitempty"`
	Digest      string `json:"digest,omitempty"`
}

type componentView struct {
	Tag    string     `json:"tag,omitempty"`
	Image  string     `json:"image,omitempty"`
	Digest string     `json:"digest,omitempty"`
	Match  []ruleView `json:"match,omitempty"`
}

type configView struct {
	Base       string                   `json:"base,omitempty"`
	Components map[string]componentView `json:"components,omitempty"`
}

type failure struct {
	Stage   string `json:"stage"`
	Message string `json:"message"`
}

type answer struct {
	Config *configView `json:"config,omitempty"`
	Error  *failure    `json:"error,omitempty"`
}

type testCase struct {
	Name  string            `json:"name"`
	Text  string            `json:"text"`
	Go    json.RawMessage   `json:"go,omitempty"`
	GoAny []json.RawMessage `json:"goAny,omitempty"`
}

type module struct {
	Path    string `json:"path"`
	Version string `json:"version"`
	Replace string `json:"replace,omitempty"`
}

type header struct {
	Go      []string          `json:"go"`
	Modules []module          `json:"modules"`
	Sources map[string]string `json:"sources,omitempty"`
}

type table struct {
	About  []string    `json:"about"`
	Header header      `json:"header"`
	Cases  []*testCase `json:"cases"`
}

func view(c *imageversions.Config) *configView {
	v := &configView{Base: c.Base}
	if len(c.Components) > 0 {
		v.Components = map[string]componentView{}
	}
	for name, comp := range c.Components {
		cv := componentView{Tag: comp.Tag, Image: comp.Image, Digest: comp.Digest}
		for _, r := range comp.Match {
			cv.Match = append(cv.Match, ruleView(r))
		}
		v.Components[name] = cv
	}
	return v
}

// decodeStageMessages are the errors go-yaml v2's decoder raises once the node tree exists
// (decode.go and resolve.go); every other "yaml: " error comes from reading the text.
var decodeStageMessages = []string{
	"anchor '", // "anchor 'x' value contains itself"
	"document contains excessive aliasing",
	"invalid map key: ",
	"map merge requires map or sequence of maps as the value",
	"cannot decode ",
	"!!binary value contains invalid base64 data",
	"unmarshal errors:",
	"invalid array: ",
}

// The prefixes sigs.k8s.io/yaml puts before the error of each stage; the table keeps the rest.
const (
	yamlToJSON = "error converting YAML to JSON: "
	jsonDecode = "error unmarshaling JSON: while decoding JSON: "
)

func classify(err error) *failure {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, jsonDecode):
		return &failure{Stage: "json", Message: strings.TrimPrefix(msg, jsonDecode)}
	case strings.HasPrefix(msg, yamlToJSON+"yaml: "):
		rest := strings.TrimPrefix(msg, yamlToJSON)
		for _, p := range decodeStageMessages {
			if strings.HasPrefix(rest, "yaml: "+p) {
				return &failure{Stage: "decode", Message: rest}
			}
		}
		return &failure{Stage: "parse", Message: rest}
	case strings.HasPrefix(msg, yamlToJSON):
		return &failure{Stage: "tojson", Message: strings.TrimPrefix(msg, yamlToJSON)}
	}
	panic("unexpected error shape: " + msg)
}

func decodeOnce(text string) []byte {
	var cfg imageversions.Config
	var a answer
	if err := yaml.Unmarshal([]byte(text), &cfg); err != nil {
		a.Error = classify(err)
	} else {
		a.Config = view(&cfg)
	}
	return marshal(a)
}

// runs is how many times a case is decoded to see whether map order changes its answer. Go 1.24's
// maps start a small map's iteration at one of 8 slots, so one order of two keys can come 1 time
// in 8: 64 runs miss it about once in 5,000 such cases.
const runs = 64

func decide(c *testCase) (json.RawMessage, []json.RawMessage) {
	seen := map[string]bool{}
	for i := 0; i < runs; i++ {
		seen[string(asciiOnly(decodeOnce(c.Text)))] = true // as the table writes it, to compare
	}
	if len(seen) == 1 {
		for a := range seen {
			return json.RawMessage(a), nil
		}
	}
	all := make([]string, 0, len(seen))
	for a := range seen {
		all = append(all, a)
	}
	sort.Strings(all)
	out := make([]json.RawMessage, len(all))
	for i, a := range all {
		out[i] = json.RawMessage(a)
	}
	return nil, out
}

func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// asciiOnly rewrites every non-ASCII character of JSON text as \u escapes.
func asciiOnly(text []byte) []byte {
	var out bytes.Buffer
	for _, r := range string(text) {
		if r < 0x80 {
			out.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&out, "\\u%04x", u)
		}
	}
	return out.Bytes()
}

func buildModules() []module {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	var mods []module
	for _, d := range info.Deps {
		m := module{Path: d.Path, Version: d.Version}
		if d.Replace != nil {
			m.Replace = d.Replace.Path
			if d.Replace.Version != "" && d.Replace.Version != "(devel)" {
				m.Replace += "@" + d.Replace.Version
			}
		}
		mods = append(mods, m)
	}
	return mods
}

func sameModules(a, b []module) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].Version != b[i].Version {
			return false
		}
	}
	return true
}

func main() {
	verify := flag.Bool("verify", false, "compare with the recorded answers instead of replacing them; "+
		"add this Go release to the header when every answer agrees, exit 1 otherwise")
	sources := map[string]string{}
	flag.Func("source", "module=commit of a module's source tree, recorded in the header (repeatable)", func(v string) error {
		m, commit, ok := strings.Cut(v, "=")
		if !ok {
			return fmt.Errorf("want module=commit, got %q", v)
		}
		sources[m] = commit
		return nil
	})
	flag.Parse()

	var t table
	if err := json.NewDecoder(os.Stdin).Decode(&t); err != nil {
		panic(err)
	}
	mods := buildModules()
	if *verify && !sameModules(t.Header.Modules, mods) {
		fmt.Fprintln(os.Stderr, "go-yaml-answers: built with other module versions than the table records")
		os.Exit(1)
	}
	differ := 0
	for _, c := range t.Cases {
		one, any := decide(c)
		if *verify {
			// Where map order decides, one run may see fewer of the orders than another: each
			// answer it sees must be recorded.
			if !bytes.Equal(one, c.Go) && !(len(c.GoAny) > 0 && subset(one, any, c.GoAny)) {
				differ++
				fmt.Fprintf(os.Stderr, "%s: recorded %s%s, %s gives %s%s\n", c.Name, c.Go, joinRaw(c.GoAny),
					runtime.Version(), one, joinRaw(any))
			}
			continue
		}
		c.Go, c.GoAny = one, any
	}
	if *verify {
		if differ > 0 {
			fmt.Fprintf(os.Stderr, "go-yaml-answers: %d of %d answers differ\n", differ, len(t.Cases))
			os.Exit(1)
		}
		t.Header.Go = append(t.Header.Go, runtime.Version())
	} else {
		t.Header.Go = []string{runtime.Version()}
		t.Header.Modules = mods
	}
	if len(sources) > 0 {
		t.Header.Sources = sources
	}

	var out bytes.Buffer
	out.WriteString("{\n  \"about\": " + string(marshal(t.About)) + ",\n")
	out.WriteString("  \"header\": " + string(marshal(t.Header)) + ",\n  \"cases\": [\n")
	for i, c := range t.Cases {
		out.WriteString("    ")
		out.Write(marshal(c))
		if i < len(t.Cases)-1 {
			out.WriteString(",")
		}
		out.WriteString("\n")
	}
	out.WriteString("  ]\n}\n")
	os.Stdout.Write(asciiOnly(out.Bytes()))
}

// subset reports whether every answer of one/any is in recorded.
func subset(one json.RawMessage, any, recorded []json.RawMessage) bool {
	seen := append([]json.RawMessage{}, any...)
	if one != nil {
		seen = append(seen, one)
	}
	for _, a := range seen {
		found := false
		for _, r := range recorded {
			found = found || bytes.Equal(a, r)
		}
		if !found {
			return false
		}
	}
	return true
}

func joinRaw(list []json.RawMessage) string {
	if len(list) == 0 {
		return ""
	}
	parts := make([]string, len(list))
	for i, r := range list {
		parts[i] = string(r)
	}
	return " (any of " + strings.Join(parts, ", ") + ")"
}
