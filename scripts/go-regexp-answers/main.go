// Command go-regexp-answers fills in Go's answers in the case table
// test/fixtures/go-regexp-unicode.json: for every case, Go's compile error for the pattern or
// regexp.MatchString's answer for each input, under the key of the Go release that runs it.
// Other keys are kept, so running it with two Go releases records both:
//
//	go run scripts/go-regexp-answers/main.go < test/fixtures/go-regexp-unicode.json > answered.json
//
// Non-ASCII characters are written as \u escapes, so the table stays readable as text.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"unicode/utf16"
)

type table struct {
	About []string `json:"about"`
	Cases []*struct {
		Pattern string                     `json:"pattern"`
		Inputs  []string                   `json:"inputs"`
		Answers map[string]json.RawMessage `json:"answers"`
	} `json:"cases"`
}

func answer(pattern string, inputs []string) any {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return err.Error()
	}
	matches := make([]bool, len(inputs))
	for i, input := range inputs {
		matches[i] = re.MatchString(input)
	}
	return matches
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

func main() {
	var t table
	if err := json.NewDecoder(os.Stdin).Decode(&t); err != nil {
		panic(err)
	}
	var out bytes.Buffer
	out.WriteString("{\n  \"about\": " + string(marshal(t.About)) + ",\n  \"cases\": [\n")
	for i, c := range t.Cases {
		if c.Answers == nil {
			c.Answers = map[string]json.RawMessage{}
		}
		c.Answers[runtime.Version()] = marshal(answer(c.Pattern, c.Inputs))
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
