import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { ErrorCodes, PiraeusError } from '../errors';
import { defaultImageConfigData } from '../resolver/defaults';
import { compareBytewise } from '../resolver/order';
import { ImageConfigOverride } from './image-config-override';

/** Properties of the image ConfigMap. */
export interface ImageConfigMapProps {
  /** Namespace of the operator. */
  readonly namespace: string;
  /**
   * Name of the ConfigMap; the operator reads it through `IMAGE_CONFIG_MAP_NAME`.
   * @default 'piraeus-operator-image-config'
   */
  readonly name?: string;
  /**
   * Documents added after the defaults, in the order given: keys `1_<name>.yaml`, `2_<name>.yaml`,
   * ... (with ten or more, `1_01_<name>.yaml`, ... so that byte-wise order keeps the given order).
   * @default - none
   */
  readonly overrides?: ImageConfigOverride[];
  /**
   * Whether to include the default documents of the targeted release (`0_...` keys).
   * @default true
   */
  readonly includeDefaults?: boolean;
  /**
   * The base data, already built with `imageConfigData()` (replaces `overrides` and
   * `includeDefaults`, which must then be unset): lets a caller that needs the data first build it once.
   * @default - built from `overrides` and `includeDefaults`
   */
  readonly data?: Record<string, string>;
  /**
   * Entries appended verbatim after the others (e.g. the digest-lock copies); keys must be new.
   * @default - none
   */
  readonly extraData?: Record<string, string>;
  /**
   * Labels of the ConfigMap.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * The operator's image ConfigMap `piraeus-operator-image-config`: the default documents and the
 * user's override documents, keyed so the operator reads them in the order given.
 */
export class ImageConfigMap extends Construct {
  /** The emitted ConfigMap. */
  public readonly apiObject: k8s.KubeConfigMap;
  /** Name of the ConfigMap. */
  public readonly name: string;
  /** The data exactly as emitted: key -> document text. */
  public readonly data: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: ImageConfigMapProps) {
    super(scope, id);
    this.name = props.name ?? 'piraeus-operator-image-config';
    if (props.data && (props.overrides !== undefined || props.includeDefaults !== undefined)) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, 'give either data or overrides/includeDefaults', { path: this.node.path });
    }
    const data = props.data ? { ...props.data } : imageConfigData(props.overrides ?? [], props.includeDefaults !== false, this.node.path);
    for (const [key, text] of Object.entries(props.extraData ?? {})) {
      if (Object.prototype.hasOwnProperty.call(data, key)) {
        throw new PiraeusError(ErrorCodes.INVALID_PROPS, `image config key "${key}" is used twice`, { path: this.node.path });
      }
      data[key] = text;
    }
    if (Object.keys(data).length === 0) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS,
        'the image ConfigMap would be empty: keep the default documents or add override documents', { path: this.node.path });
    }
    const sorted: Record<string, string> = {};
    for (const key of Object.keys(data).sort(compareBytewise)) sorted[key] = data[key];
    this.data = sorted;
    this.apiObject = new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels },
      data: sorted,
    });
  }
}

/**
 * The ConfigMap data for the defaults and override documents: `0_...` defaults, then
 * `1_<name>.yaml`, `2_<name>.yaml`, ... (`1_01_<name>.yaml`, ... with ten or more, so that byte-wise
 * order keeps the given order).
 * @param where construct path, for messages
 */
export function imageConfigData(overrides: readonly ImageConfigOverride[], includeDefaults: boolean, where: string): Record<string, string> {
  const data: Record<string, string> = includeDefaults ? defaultImageConfigData() : {};
  const width = overrides.length >= 10 ? String(overrides.length).length : 0;
  overrides.forEach((o, i) => {
    const key = width > 0 ? `1_${String(i + 1).padStart(width, '0')}_${o.name}.yaml` : `${i + 1}_${o.name}.yaml`;
    if (Object.prototype.hasOwnProperty.call(data, key)) {
      throw new PiraeusError(ErrorCodes.INVALID_PROPS, `image config key "${key}" is used twice`, { path: where });
    }
    data[key] = o._render(where);
  });
  return data;
}
