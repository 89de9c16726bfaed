/**
 * The operator's Go target types (`imageversions.Config`, `ComponentConfig`, `OsMatch`) as the
 * decoder needs them: field names, documented spellings and kinds.
 */

export type FieldKind = 'string' | 'bool' | 'components' | 'match';
export interface FieldDef {
  /** Go field name. */
  readonly go: string;
  /** Documented lower-camel spelling. */
  readonly doc: string;
  readonly kind: FieldKind;
}
export type StructName = 'Config' | 'ComponentConfig' | 'OsMatch';

export const STRUCT_FIELDS: Readonly<Record<StructName, readonly FieldDef[]>> = {
  Config: [
    { go: 'Base', doc: 'base', kind: 'string' },
    { go: 'Components', doc: 'components', kind: 'components' },
  ],
  ComponentConfig: [
    { go: 'Tag', doc: 'tag', kind: 'string' },
    { go: 'Match', doc: 'match', kind: 'match' },
    { go: 'Image', doc: 'image', kind: 'string' },
    { go: 'Digest', doc: 'digest', kind: 'string' },
  ],
  OsMatch: [
    { go: 'OsImage', doc: 'osImage', kind: 'string' },
    { go: 'Image', doc: 'image', kind: 'string' },
    { go: 'Precompiled', doc: 'precompiled', kind: 'bool' },
    { go: 'Digest', doc: 'digest', kind: 'string' },
  ],
};

/** How messages name where a struct stands in the document. */
export const STRUCT_DESCRIPTION: Readonly<Record<StructName, string>> = {
  Config: 'the top level of the document',
  ComponentConfig: 'a component',
  OsMatch: 'a match rule',
};

/** The Go type a JSON value lands in (null: `interface{}` or no field at all). */
export type Target =
  | { readonly k: 'struct'; readonly s: StructName }
  | { readonly k: 'components' }
  | { readonly k: 'match' }
  | { readonly k: 'string' }
  | { readonly k: 'bool' }
  | null;

export function fieldTarget(f: FieldDef): Target {
  switch (f.kind) {
    case 'string':
      return { k: 'string' };
    case 'bool':
      return { k: 'bool' };
    case 'components':
      return { k: 'components' };
    case 'match':
      return { k: 'match' };
  }
}
