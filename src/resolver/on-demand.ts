/**
 * The `yaml` package and the Go-compatible image-config decoder, loaded on first use.
 *
 * A synthesis of a built-in release parses no YAML: its install objects and default image
 * documents are pre-parsed and pre-decoded at build time. Loading the parser (about seventy
 * modules) would otherwise be a tenth of such a synthesis, so the modules that parse YAML reach
 * it through these functions instead of a top-level import. Node caches the modules; each call
 * after the first is a cache lookup.
 */
import type * as Yaml from 'yaml';
import type * as Decoder from './yaml/decode';

/** The `yaml` package. */
export function yamlPackage(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

/** `decodeDocument` of the image-config decoder (`./yaml/decode.ts`). */
export function decodeImageDocument(key: string, text: string): Decoder.DecodeResult {
  return (require('./yaml/decode') as typeof Decoder).decodeDocument(key, text);
}
