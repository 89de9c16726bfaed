/**
 * What an operator upgrade changes in the install, for review before a bump: objects added and
 * removed, RBAC permissions granted and revoked, CRD schema fields added and removed, and the
 * operator containers' image, args and env. Pure.
 */
import { compareCodeUnits } from '../resolver/util';
import { isJsonObject, JsonObject, JsonValue } from '../workloads/json';
import { objectId } from './manifest';
import { OperatorRelease } from './operator-release';

/** Added and removed entries of one object. */
export interface SetChange {
  /** The object (`ClusterRole piraeus-operator-controller-manager`). */
  readonly object: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** A changed field of an operator container. */
export interface ContainerChange {
  readonly object: string;
  readonly container: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** The install changes between two releases. */
export interface InstallDiff {
  readonly before: string;
  readonly after: string;
  readonly objectsAdded: readonly string[];
  readonly objectsRemoved: readonly string[];
  /** Permissions as `group/resource verb` (with `[name,...]` for resourceNames), per Role or ClusterRole. */
  readonly rbac: readonly SetChange[];
  /** Schema field paths (`v1 spec.properties[]`), per CRD. */
  readonly crdFields: readonly SetChange[];
  /** Container image, args and env entries, per Deployment container. */
  readonly containers: readonly ContainerChange[];
}

const sorted = (xs: Iterable<string>) => [...xs].sort(compareCodeUnits);

function setChange(object: string, before: Set<string>, after: Set<string>): SetChange | undefined {
  const added = sorted([...after].filter((x) => !before.has(x)));
  const removed = sorted([...before].filter((x) => !after.has(x)));
  return added.length || removed.length ? { object, added, removed } : undefined;
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Every permission a Role or ClusterRole grants, one string each. */
export function permissions(role: JsonObject): Set<string> {
  const out = new Set<string>();
  for (const rule of Array.isArray(role.rules) ? role.rules.filter(isJsonObject) : []) {
    const names = strings(rule.resourceNames);
    const suffix = names.length ? ` [${sorted(names).join(',')}]` : '';
    for (const group of strings(rule.apiGroups)) {
      for (const resource of strings(rule.resources)) {
        for (const verb of strings(rule.verbs)) out.add(`${group === '' ? 'core' : group}/${resource} ${verb}${suffix}`);
      }
    }
    for (const url of strings(rule.nonResourceURLs)) for (const verb of strings(rule.verbs)) out.add(`${url} ${verb}`);
  }
  return out;
}

/** Every field path of a CRD's schemas (`v1 spec.nodeSelector`, arrays as `[]`). */
export function schemaPaths(crd: JsonObject): Set<string> {
  const out = new Set<string>();
  const walk = (version: string, prefix: string, schema: JsonValue | undefined) => {
    if (!isJsonObject(schema)) return;
    if (isJsonObject(schema.properties)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        const p = prefix === '' ? name : `${prefix}.${name}`;
        out.add(`${version} ${p}`);
        walk(version, p, sub);
      }
    }
    if (isJsonObject(schema.items)) walk(version, `${prefix}[]`, schema.items);
    if (isJsonObject(schema.additionalProperties)) walk(version, `${prefix}{}`, schema.additionalProperties);
  };
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  for (const v of Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : []) {
    walk(String(v.name), '', isJsonObject(v.schema) ? v.schema.openAPIV3Schema : undefined);
  }
  return out;
}

/** Image, args and env of each container of a Deployment or DaemonSet, as comparable strings. */
function containerFacts(o: JsonObject): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const spec = isJsonObject(o.spec) && isJsonObject(o.spec.template) && isJsonObject(o.spec.template.spec) ? o.spec.template.spec : {};
  for (const c of Array.isArray(spec.containers) ? spec.containers.filter(isJsonObject) : []) {
    const facts = new Set<string>();
    if (typeof c.image === 'string') facts.add(`image ${c.image}`);
    for (const a of strings(c.args)) facts.add(`arg ${a}`);
    for (const e of Array.isArray(c.env) ? c.env.filter(isJsonObject) : []) {
      facts.add(`env ${String(e.name)}=${'value' in e ? String(e.value) : JSON.stringify(e.valueFrom)}`);
    }
    out.set(String(c.name), facts);
  }
  return out;
}

const idOf = (o: JsonObject) => {
  // Namespaces would differ only by a relocation; releases install into the same one.
  const meta = isJsonObject(o.metadata) ? o.metadata : {};
  return `${String(o.kind)} ${String(meta.name)}`;
};

/** The install changes from `before` to `after`. */
export function diffInstalls(before: OperatorRelease, after: OperatorRelease): InstallDiff {
  const a = new Map(before.objects().map((o) => [idOf(o), o]));
  const b = new Map(after.objects().map((o) => [idOf(o), o]));
  const rbac: SetChange[] = [];
  const crdFields: SetChange[] = [];
  const containers: ContainerChange[] = [];
  for (const id of sorted(new Set([...a.keys(), ...b.keys()]))) {
    const x = a.get(id);
    const y = b.get(id);
    const kind = String((x ?? y)!.kind);
    if (kind === 'Role' || kind === 'ClusterRole') {
      const c = setChange(id, x ? permissions(x) : new Set(), y ? permissions(y) : new Set());
      if (c) rbac.push(c);
    } else if (kind === 'CustomResourceDefinition' && x && y) {
      const c = setChange(id, schemaPaths(x), schemaPaths(y));
      if (c) crdFields.push(c);
    } else if ((kind === 'Deployment' || kind === 'DaemonSet') && x && y) {
      const cx = containerFacts(x);
      const cy = containerFacts(y);
      for (const name of sorted(new Set([...cx.keys(), ...cy.keys()]))) {
        const c = setChange(id, cx.get(name) ?? new Set(), cy.get(name) ?? new Set());
        if (c) containers.push({ object: id, container: name, added: c.added, removed: c.removed });
      }
    }
  }
  return {
    before: before.version,
    after: after.version,
    objectsAdded: sorted([...b.keys()].filter((k) => !a.has(k)).map((k) => objectId(b.get(k)!))),
    objectsRemoved: sorted([...a.keys()].filter((k) => !b.has(k)).map((k) => objectId(a.get(k)!))),
    rbac,
    crdFields,
    containers,
  };
}

/** The diff as text (Markdown with `markdown`), one line per change; "no install changes" when empty. */
export function formatInstallDiff(d: InstallDiff, markdown = false): string {
  const lines: string[] = [];
  const head = (t: string) => lines.push(markdown ? `\n### ${t}\n` : `\n${t}:`);
  const item = (sign: '+' | '-', text: string) => lines.push(markdown ? `- ${sign} \`${text}\`` : `  ${sign} ${text}`);
  lines.push(markdown ? `## Install changes ${d.before} -> ${d.after}` : `install changes ${d.before} -> ${d.after}`);
  if (d.objectsAdded.length || d.objectsRemoved.length) {
    head('objects');
    for (const o of d.objectsAdded) item('+', o);
    for (const o of d.objectsRemoved) item('-', o);
  }
  const sets = (title: string, changes: readonly SetChange[]) => {
    for (const c of changes) {
      head(`${title} ${c.object}`);
      for (const x of c.added) item('+', x);
      for (const x of c.removed) item('-', x);
    }
  };
  sets('RBAC', d.rbac);
  sets('CRD fields', d.crdFields);
  for (const c of d.containers) {
    head(`${c.object} container ${c.container}`);
    for (const x of c.added) item('+', x);
    for (const x of c.removed) item('-', x);
  }
  if (lines.length === 1) lines.push(markdown ? '\nNo install changes.' : '  no install changes');
  return lines.join('\n') + '\n';
}
