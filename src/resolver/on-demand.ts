/**
 * The `yaml` package, re2js and the Go-compatible image-config decoder, loaded on first use.
 *
 * A synthesis of a built-in release parses no YAML: its install objects and default image
 * documents are pre-parsed and pre-decoded at build time. Loading the parser (about seventy
 * modules) would otherwise be a tenth of such a synthesis, so the modules that parse YAML reach
 * it through these functions instead of a top-level import. Node caches the modules; each call
 * after the first is a cache lookup.
 */
import type * as Re2js from 're2js';
import type * as Yaml from 'yaml';
import type * as Decoder from './yaml/decode';

/** The `yaml` package. */
export function yamlPackage(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

/**
 * re2js's `RE2JS`. A default synthesis needs no Go regular expression engine either: upstream's
 * rules are plain text or simple classes (./go-regexp.ts) and the reference grammar runs on V8's
 * engine (./reference.ts).
 */
export function re2js(): typeof Re2js.RE2JS {
  return (require('re2js') as typeof Re2js).RE2JS;
}

/** `decodeDocument` of the image-config decoder (`./yaml/decode.ts`). */
export function decodeImageDocument(key: string, text: string): Decoder.DecodeResult {
  return (require('./yaml/decode') as typeof Decoder).decodeDocument(key, text);
}
