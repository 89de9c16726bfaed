/**
 * Cluster-scoped objects never carry `metadata.namespace`, whichever chart they are in:
 * cdk8s stamps a chart's namespace onto every object, so it is removed again here.
 */
import { ApiObject, Chart, JsonPatch } from 'cdk8s';

/** Marks an object as cluster-scoped: drops the chart namespace cdk8s would add. */
export function clusterScoped<T extends ApiObject>(obj: T): T {
  if (Chart.of(obj).namespace !== undefined || obj.metadata.namespace !== undefined) {
    obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return obj;
}
