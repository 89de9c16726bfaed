/**
 * Decoded image-config entries as JSON: the build decodes every built-in release's default
 * documents once, so a synthesis of a built-in release does not decode (or load a YAML parser)
 * at run time. The JSON form is the decoder's result with the component Map as an entry list.
 */
import { ComponentConfig, Diagnostic } from './types';
import { DecodeResult } from './yaml/decode';

/** One ConfigMap entry's text and what `decodeDocument` made of it. */
export interface DecodedEntry {
  /** The entry's text; the result is reused only for exactly this text. */
  readonly text: string;
  /** The decoded document and its diagnostics. */
  readonly result: DecodeResult;
}

/** Decoded entries by ConfigMap data key. */
export type DecodedEntries = ReadonlyMap<string, DecodedEntry>;

/** The JSON form of a `DecodeResult` (as written into `lib/releases/<version>.json`). */
export interface DecodeResultJson {
  readonly key: string;
  readonly base: string;
  readonly baseLine?: number;
  /** The components in the document's order. */
  readonly components: ReadonlyArray<readonly [string, ComponentConfig]>;
  readonly diagnostics: readonly Diagnostic[];
}

/** A decode result as plain JSON data. */
export function decodeResultToJson(result: DecodeResult): DecodeResultJson {
  const { key, base, baseLine, components } = result.document;
  return { key, base, ...(baseLine === undefined ? {} : { baseLine }), components: [...components], diagnostics: result.diagnostics };
}

/** The decode result a `decodeResultToJson` value stands for. */
export function decodeResultFromJson(json: DecodeResultJson): DecodeResult {
  const { key, base, baseLine, components, diagnostics } = json;
  return {
    document: { key, base, ...(baseLine === undefined ? {} : { baseLine }), components: new Map(components) },
    diagnostics: [...diagnostics],
  };
}
