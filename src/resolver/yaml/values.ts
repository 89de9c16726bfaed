/**
 * The three trees the decoder hands from layer to layer: go-yaml v2's node tree (./nodes), the
 * Go `interface{}` values go-yaml decodes it into (./unmarshal), and the JSON values
 * sigs.k8s.io/yaml converts those to (./to-json). Every value keeps the node it came from, so a
 * later layer can still name the line.
 */

// go-yaml v2 node tree

interface NodeBase {
  readonly offset: number;
}
export interface ScalarNode extends NodeBase {
  readonly kind: 'scalar';
  /** Scalar value after YAML unescaping/folding (go-yaml `n.value`). */
  readonly value: string;
  /** Full tag, `!` for the non-specific tag, or `''`. */
  readonly tag: string;
  /** go-yaml `implicit`: plain without tag, or tagged `!`. */
  readonly implicit: boolean;
  readonly quoted: boolean;
}
export interface MappingNode extends NodeBase {
  readonly kind: 'map';
  /** key, value, key, value, ... */
  readonly children: GoNode[];
}
export interface SequenceNode extends NodeBase {
  readonly kind: 'seq';
  readonly children: GoNode[];
}
export interface AliasNode extends NodeBase {
  readonly kind: 'alias';
  readonly name: string;
  readonly target: GoNode;
}
export type GoNode = ScalarNode | MappingNode | SequenceNode | AliasNode;

// Go values (go-yaml's interface{} tree)

export type GV =
  | { readonly t: 'null'; readonly src: GoNode }
  | { readonly t: 'bool'; readonly v: boolean; readonly src: ScalarNode }
  | { readonly t: 'int'; readonly v: bigint; readonly unsigned: boolean; readonly src: ScalarNode }
  | { readonly t: 'float'; readonly v: number; readonly src: ScalarNode }
  | { readonly t: 'str'; readonly v: string; readonly src: GoNode }
  | { readonly t: 'map'; readonly entries: Map<string, GVEntry>; readonly src: GoNode }
  | { readonly t: 'seq'; readonly items: GV[]; readonly src: GoNode };

export interface GVEntry {
  readonly key: GV;
  readonly value: GV;
  readonly keyNode: GoNode;
  readonly viaMerge: boolean;
}

// JSON values (after sigs.k8s.io/yaml's conversion)

export type JV =
  | { readonly j: 'null'; readonly gv: GV }
  | { readonly j: 'bool'; readonly v: boolean; readonly gv: GV }
  | { readonly j: 'num'; readonly gv: GV }
  | { readonly j: 'str'; readonly v: string; readonly gv: GV }
  | { readonly j: 'obj'; readonly entries: JEntry[]; readonly gv: GV }
  | { readonly j: 'arr'; readonly items: JV[]; readonly gv: GV };

export interface JEntry {
  readonly key: string;
  readonly value: JV;
  readonly keyNode: GoNode;
  /** Whether sigs.k8s.io/yaml's own (older) field matching found the field (coercion applied). */
  readonly sigsField: boolean;
}
