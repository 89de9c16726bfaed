/**
 * Every image a configuration can produce, per component and per OS variant, independent of any
 * node: the fallback image and each match rule of every document. This is what "concrete" means
 * for pins, reports and mirror lists.
 */
import { relatedImageNames, CompiledDocument, ResolveContext, resolveComponent } from './resolve';
import { ImageEntry, Provenance } from './types';

/** One way a component can resolve. */
export interface ImageVariant {
  /** ConfigMap key of the document. */
  readonly document: string;
  /** Component key. */
  readonly component: string;
  /** `rule` for a match rule, `fallback` for the component's own image. */
  readonly kind: 'rule' | 'fallback';
  /** Index of the rule within the component's `match` list. */
  readonly ruleIndex?: number;
  /** The rule's `osImage` pattern. */
  readonly pattern?: string;
  /** The image name the operator looks up variables for. */
  readonly image: string;
  /** `RELATED_IMAGE_<component>_<image>`: the variable that targets this variant alone. */
  readonly envName: string;
  /** The entry the configuration gives, ignoring the environment. */
  readonly configured: ImageEntry;
  /** The entry with the environment applied (what the operator would use). */
  readonly effective: ImageEntry;
  /** Provenance of `effective`. */
  readonly provenance: Provenance;
  /** Whether some OS string can make this variant win (see `reachable` rules in the code). */
  readonly reachable: boolean;
  /** 1-based line of the rule or component, when known. */
  readonly line?: number;
}

/**
 * Lists every variant. A variant is unreachable when a later document defines the component with
 * a fallback image (it then always wins), or when an earlier rule of the same component has an
 * empty pattern (it matches everything). Other always-matching patterns are not detected, so
 * `reachable` may be true for a variant no OS string selects; never the other way round.
 */
export function listVariants(docs: readonly CompiledDocument[], ctx: ResolveContext): ImageVariant[] {
  // Index of the last document that defines each component with a fallback image.
  const lastWithImage = new Map<string, number>();
  docs.forEach((d, i) => {
    for (const c of d.components) if (c.config.image !== '') lastWithImage.set(c.name, i);
  });
  const noEnv: ResolveContext = { ...ctx, env: new Map() };
  const out: ImageVariant[] = [];
  docs.forEach(({ document, components }, docIndex) => {
    for (const component of components) {
      const shadowed = (lastWithImage.get(component.name) ?? -1) > docIndex;
      const { config, name } = component;
      let catchAll = false;
      const variants: Array<{ kind: 'rule' | 'fallback'; index?: number; osImage: string | undefined }> = [];
      config.match.forEach((_, index) => variants.push({ kind: 'rule', index, osImage: undefined }));
      if (config.image !== '') variants.push({ kind: 'fallback', osImage: undefined });
      for (const v of variants) {
        const rule = v.kind === 'rule' ? config.match[v.index!] : undefined;
        // Resolve as if this variant had been selected: a stand-in component with only that rule.
        const single = {
          name,
          config: rule ? { ...config, match: [rule] } : { ...config, match: [] },
          patterns: rule ? [{ source: '', test: () => true }] : [],
        };
        const configured = resolveComponent(document, single, '', noEnv)!;
        const effective = resolveComponent(document, single, '', ctx)!;
        const image = rule ? rule.image : config.image;
        out.push({
          document: document.key,
          component: name,
          kind: v.kind,
          ruleIndex: v.index,
          pattern: rule?.osImage,
          image,
          envName: relatedImageNames(name, image)[0],
          configured: configured.entry,
          effective: effective.entry,
          provenance: {
            ...effective.provenance,
            rule: rule ? { index: v.index!, pattern: rule.osImage } : undefined,
          },
          // One compiled pattern per rule, in the rules' order.
          reachable: !shadowed && !catchAll && (!rule || component.patterns[v.index!]!.error === undefined),
          line: rule?.line ?? config.line,
        });
        if (rule && rule.osImage === '') catchAll = true;
      }
    }
  });
  return out;
}
