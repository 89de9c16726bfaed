// Command gen-go-unicode prints src/resolver/go-unicode-15.ts: the Unicode tables Go's
// regexp/syntax uses for \p{...} classes and (?i) case folding, taken from the Go toolchain
// that runs it. Run it with a Go release from 1.21 to 1.24 (Unicode 15.0.0, and the class names
// the library follows; Go 1.25 added Cn and LC to unicode.Categories and Cn to C):
//
//	go run scripts/gen-go-unicode/main.go > src/resolver/go-unicode-15.ts
//
// Encoding (decoded by src/resolver/go-unicode.ts):
//   - a range list is comma-separated ranges "gap.length" or "gap.length.stride" in base 36,
//     where gap is lo minus the previous range's hi (minus 0 for the first range) and length
//     is hi minus lo; stride defaults to 1;
//   - a category equal to the union of its two-letter subcategories is "=" and their names;
//   - ORBITS lists unicode.SimpleFold orbits (each sorted ascending): runs of two-member
//     orbits "start.delta.step.count" (orbits {start+k*step, start+k*step+delta}, k < count)
//     and longer orbits "*a.b.c" (first member, then gaps), separated by commas; starts are
//     relative to the previous entry's start.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

func b36(n int) string { return strconv.FormatInt(int64(n), 36) }

type rng struct{ lo, hi, stride int }

func ranges(t *unicode.RangeTable) []rng {
	var out []rng
	for _, r := range t.R16 {
		out = append(out, rng{int(r.Lo), int(r.Hi), int(r.Stride)})
	}
	for _, r := range t.R32 {
		out = append(out, rng{int(r.Lo), int(r.Hi), int(r.Stride)})
	}
	return out
}

func encode(t *unicode.RangeTable) string {
	var parts []string
	prev := 0
	for _, r := range ranges(t) {
		s := b36(r.lo-prev) + "." + b36(r.hi-r.lo)
		if r.stride != 1 {
			s += "." + b36(r.stride)
		}
		parts = append(parts, s)
		prev = r.hi
	}
	return strings.Join(parts, ",")
}

// members returns every code point of t, ascending.
func members(t *unicode.RangeTable) []int {
	var out []int
	for _, r := range ranges(t) {
		for c := r.lo; c <= r.hi; c += r.stride {
			out = append(out, c)
		}
	}
	return out
}

func sameSet(a []int, b map[int]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for _, c := range a {
		if !b[c] {
			return false
		}
	}
	return true
}

// unionOfSubcategories returns the two-letter categories whose union is exactly the
// one-letter category name, or nil.
func unionOfSubcategories(name string) []string {
	var subs []string
	union := map[int]bool{}
	for sub, t := range unicode.Categories {
		if len(sub) == 2 && sub[0] == name[0] && sub != "LC" {
			subs = append(subs, sub)
			for _, c := range members(t) {
				union[c] = true
			}
		}
	}
	sort.Strings(subs)
	if len(subs) == 0 || !sameSet(members(unicode.Categories[name]), union) {
		return nil
	}
	return subs
}

func sortedKeys(m map[string]*unicode.RangeTable) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func printTables(w *strings.Builder, doc, name string, m map[string]*unicode.RangeTable, categories bool) {
	fmt.Fprintf(w, "/** %s */\nexport const %s: Readonly<Record<string, string>> = {\n", doc, name)
	for _, k := range sortedKeys(m) {
		v := encode(m[k])
		if categories && len(k) == 1 {
			if subs := unionOfSubcategories(k); subs != nil {
				v = "=" + strings.Join(subs, " ")
			}
		}
		fmt.Fprintf(w, "  %s: '%s',\n", k, v)
	}
	fmt.Fprintf(w, "};\n\n")
}

// orbits returns every unicode.SimpleFold orbit with more than one member, each ascending,
// ordered by first member.
func orbits() [][]int {
	var out [][]int
	for c := 0; c <= unicode.MaxRune; c++ {
		f := int(unicode.SimpleFold(rune(c)))
		if f == c {
			continue
		}
		orbit := []int{c}
		min := c
		for f != c {
			orbit = append(orbit, f)
			if f < min {
				min = f
			}
			f = int(unicode.SimpleFold(rune(f)))
		}
		if min != c {
			continue // listed from its smallest member
		}
		sort.Ints(orbit)
		out = append(out, orbit)
	}
	return out
}

func encodeOrbits(os [][]int) string {
	var parts []string
	prev := 0
	for i := 0; i < len(os); {
		o := os[i]
		if len(o) > 2 {
			s := "*" + b36(o[0]-prev)
			for j := 1; j < len(o); j++ {
				s += "." + b36(o[j]-o[j-1])
			}
			parts = append(parts, s)
			prev = o[0]
			i++
			continue
		}
		delta := o[1] - o[0]
		step, n := 0, 1
		for i+n < len(os) && len(os[i+n]) == 2 && os[i+n][1]-os[i+n][0] == delta {
			s := os[i+n][0] - os[i+n-1][0]
			if n == 1 {
				step = s
			} else if s != step {
				break
			}
			n++
		}
		if n == 1 {
			step = 1
		}
		parts = append(parts, b36(o[0]-prev)+"."+b36(delta)+"."+b36(step)+"."+b36(n))
		prev = o[0] + (n-1)*step
		i += n
	}
	return strings.Join(parts, ",")
}

func main() {
	if unicode.Version != "15.0.0" || unicode.Categories["Cn"] != nil {
		fmt.Fprintf(os.Stderr, "%s has unicode.Version %s and %d categories: run this with Go 1.21 to 1.24\n",
			runtime.Version(), unicode.Version, len(unicode.Categories))
		os.Exit(1)
	}
	var w strings.Builder
	fmt.Fprintf(&w, "// Generated by `go run scripts/gen-go-unicode/main.go` with %s (unicode.Version %s). Do not edit.\n", runtime.Version(), unicode.Version)
	fmt.Fprintf(&w, "// Decoded by go-unicode.ts; the encoding is described in scripts/gen-go-unicode/main.go.\n\n")
	fmt.Fprintf(&w, "/** The Go release the tables were taken from. */\nexport const GO_VERSION = '%s';\n\n", runtime.Version())
	fmt.Fprintf(&w, "/** Go's `unicode.Version`. */\nexport const UNICODE_VERSION = '%s';\n\n", unicode.Version)
	printTables(&w, "`unicode.Categories`.", "CATEGORIES", unicode.Categories, true)
	printTables(&w, "`unicode.Scripts`.", "SCRIPTS", unicode.Scripts, false)
	printTables(&w, "`unicode.FoldCategory`: what `(?i)` adds to a category.", "FOLD_CATEGORY", unicode.FoldCategory, false)
	printTables(&w, "`unicode.FoldScript`: what `(?i)` adds to a script.", "FOLD_SCRIPT", unicode.FoldScript, false)
	fmt.Fprintf(&w, "/** The `unicode.SimpleFold` orbits with more than one member. */\nexport const ORBITS = '%s';\n", encodeOrbits(orbits()))
	fmt.Print(w.String())
}
