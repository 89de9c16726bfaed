/**
 * Decodes one image-configuration ConfigMap entry exactly as the Piraeus Operator does:
 * `sigs.k8s.io/yaml` v1.6 `Unmarshal` into `imageversions.Config`, one layer per step:
 *
 *  1. ./parse + ./compose + ./scan + ./quoted: the `yaml` package's syntax tree of the FIRST
 *     document, held to libyaml's rules (characters, tabs, escapes, anchors, directives);
 *  2. ./nodes + ./unmarshal: go-yaml v2 (YAML 1.1) decodes it into `interface{}` values, with
 *     go-yaml's scalar resolution (./scalar), aliases, positional `<<` merges, last-wins keys;
 *  3. ./to-json: sigs.k8s.io/yaml converts that tree to JSON while looking at the Go target type;
 *  4. ./json-decode: encoding/json decodes the JSON into the structs, once the whole JSON is
 *     within its nesting limit (`jsonNestingProblem`).
 *
 * Everything the operator tolerates but a user probably did not mean becomes a diagnostic;
 * everything the operator rejects becomes a `PiraeusError` (YAML_SYNTAX or DECODE_TYPE). Every
 * layer works with a bounded stack, so entries nested up to the operator's 10,000 levels decode
 * as shallow ones do. Pure; no I/O.
 */
import { ErrorCodes, PiraeusError } from '../../errors';
import { Diagnostic, DiagnosticCodes, ImageConfigDocument } from '../types';
import { DecodeContext } from './diagnostics';
import { decodeImageConfig } from './json-decode';
import { buildNodeTree } from './nodes';
import { normalizeLineBreaks, readFirstDocument } from './parse';
import { jsonNestingProblem, toJson } from './to-json';
import { unmarshalDocument } from './unmarshal';

/** A decoded entry and what looked suspicious in it. */
export interface DecodeResult {
  readonly document: ImageConfigDocument;
  readonly diagnostics: Diagnostic[];
}

/**
 * Decodes one ConfigMap data entry (`key` is the data key, `text` its value) into a document.
 * Throws `PiraeusError` (YAML_SYNTAX, DECODE_TYPE, INVALID_INPUT) for anything the operator
 * rejects; never throws anything else.
 */
export function decodeDocument(key: string, text: string): DecodeResult {
  try {
    return decodeEntry(key, text);
  } catch (e) {
    if (e instanceof PiraeusError) throw e;
    if (e instanceof RangeError) {
      // No pass recurses with the input's depth; this is the caller's stack or the engine's limits.
      throw new PiraeusError(ErrorCodes.INVALID_INPUT,
        `the entry could not be decoded here (${e.message}); the decoder was called with too little stack or memory left`, { key });
    }
    const msg = e instanceof Error ? e.message : String(e);
    throw new PiraeusError(ErrorCodes.YAML_SYNTAX, `could not parse the entry as YAML: ${msg}`, { key });
  }
}

function decodeEntry(key: string, text: string): DecodeResult {
  if (typeof text !== 'string') {
    throw new PiraeusError(ErrorCodes.INVALID_INPUT, 'the entry is not a string', { key });
  }
  const ctx = new DecodeContext(key);
  const root = readFirstDocument(ctx, normalizeLineBreaks(text), text);
  const gv = root === null ? null : unmarshalDocument(ctx, buildNodeTree(ctx, root));
  const jv = gv === null ? null : toJson(ctx, gv);
  const tooDeep = jv === null ? undefined : jsonNestingProblem(jv);
  if (tooDeep) ctx.fail(ErrorCodes.DECODE_TYPE, tooDeep.message, tooDeep.offset);
  if (jv === null || jv.j === 'null') {
    ctx.diag(DiagnosticCodes.EMPTY_DOCUMENT,
      'the entry holds no document (it is empty, only comments, or null); the operator accepts it and it '
      + 'contributes no image. Remove the key, or write the intended "base" and "components"');
  }
  const document = decodeImageConfig(ctx, jv);
  return { document, diagnostics: ctx.diagnostics() };
}
