/**
 * The default image configuration of the operator release this library targets.
 *
 * Data, carried over verbatim from piraeusdatastore/piraeus-operator
 * `config/manager/0_piraeus_datastore_images.yaml` and `config/manager/0_sig_storage_images.yaml`
 * at commit 0c98a69208b2510f9a0f6423e72e8551d0c2fb7a: v2.10.4's configuration plus the Debian 13
 * loader rule (listed as "Unreleased" after v2.10.4). A newer release is a change of this file only.
 */

/** The operator release the default data and the generated manifests target. */
export const TARGET_OPERATOR_RELEASE = 'v2.10.4';

/** Upstream commit the default image configuration was taken from. */
export const DEFAULT_IMAGE_CONFIG_COMMIT = '0c98a69208b2510f9a0f6423e72e8551d0c2fb7a';

/** Operator image of the targeted release. */
export const DEFAULT_OPERATOR_IMAGE = {
  registry: 'quay.io/piraeusdatastore',
  name: 'piraeus-operator',
  tag: TARGET_OPERATOR_RELEASE,
} as const;

/** `0_piraeus_datastore_images.yaml`, verbatim. */
export const PIRAEUS_DATASTORE_IMAGES_YAML = `---
# This is the configuration for default images used by piraeus-operator
#
# "base" is the default repository prefix to use.
base: quay.io/piraeusdatastore
# "components" is a mapping of image placeholders to actual image names with tag.
# For example, the image name "linstor-controller" in the kustomize-resources will be replaced by:
#   quay.io/piraeusdatastore/piraeus-server:v1.24.2
components:
  linstor-controller:
    tag: v1.32.3
    image: piraeus-server
  linstor-satellite:
    tag: v1.32.3
    image: piraeus-server
  linstor-csi:
    tag: v1.10.5
    image: piraeus-csi
  nfs-server:
    tag: v1.10.5
    image: piraeus-csi-nfs-server
  drbd-reactor:
    tag: v1.10.0
    image: drbd-reactor
  ha-controller:
    tag: v1.3.2
    image: piraeus-ha-controller
  drbd-shutdown-guard:
    tag: v1.1.2
    image: drbd-shutdown-guard
  ktls-utils:
    tag: v1.2.1
    image: ktls-utils
  linstor-affinity-controller:
    tag: v1.3.0
    image: linstor-affinity-controller
  drbd-module-loader:
    tag: v9.2.16
    # The special "match" attribute is used to select an image based on the node's reported OS.
    # The operator will first check the k8s node's ".status.nodeInfo.osImage" field, and compare it against the list
    # here. If one matches, that specific image name will be used instead of the fallback image.
    image: drbd9-noble # Fallback image: chose a recent kernel, which can hopefully compile whatever config is actually in use
    match:
      - osImage: Red Hat Enterprise Linux 8\\.
        image: drbd9-almalinux8
      - osImage: Red Hat Enterprise Linux 9\\.
        image: drbd9-almalinux9
      - osImage: Red Hat Enterprise Linux 10\\.
        image: drbd9-almalinux10
      - osImage: "Red Hat Enterprise Linux CoreOS 41[3-9]"
        image: drbd9-almalinux9
      - osImage: Red Hat Enterprise Linux CoreOS
        image: drbd9-almalinux8
      - osImage: CentOS Linux 8
        image: drbd9-almalinux8
      - osImage: AlmaLinux 8
        image: drbd9-almalinux8
      - osImage: AlmaLinux 9
        image: drbd9-almalinux9
      - osImage: AlmaLinux 10
        image: drbd9-almalinux10
      - osImage: Oracle Linux Server 8\\.
        image: drbd9-almalinux8
      - osImage: Oracle Linux Server 9\\.
        image: drbd9-almalinux9
      - osImage: Oracle Linux Server 10\\.
        image: drbd9-almalinux10
      - osImage: Rocky Linux 8
        image: drbd9-almalinux8
      - osImage: Rocky Linux 9
        image: drbd9-almalinux9
      - osImage: Rocky Linux 10
        image: drbd9-almalinux10
      - osImage: Ubuntu 22\\.04
        image: drbd9-jammy
      - osImage: Ubuntu 24\\.04
        image: drbd9-noble
      - osImage: Debian GNU/Linux 13
        image: drbd9-trixie
      - osImage: Debian GNU/Linux 12
        image: drbd9-bookworm
      - osImage: Debian GNU/Linux 11
        image: drbd9-bullseye
`;

/** `0_sig_storage_images.yaml`, verbatim. */
export const SIG_STORAGE_IMAGES_YAML = `---
base: registry.k8s.io/sig-storage
components:
  csi-attacher:
    tag: v4.10.0
    image: csi-attacher
  csi-livenessprobe:
    tag: v2.17.0
    image: livenessprobe
  csi-provisioner:
    tag: v6.1.0
    image: csi-provisioner
  csi-snapshotter:
    tag: v8.4.0
    image: csi-snapshotter
  csi-resizer:
    tag: v2.0.0
    image: csi-resizer
  csi-external-health-monitor-controller:
    tag: v0.16.0
    image: csi-external-health-monitor-controller
  csi-node-driver-registrar:
    tag: v2.15.0
    image: csi-node-driver-registrar
`;

/** The `.data` of the upstream image ConfigMap: key -> document text. */
export function defaultImageConfigData(): Record<string, string> {
  return {
    '0_piraeus_datastore_images.yaml': PIRAEUS_DATASTORE_IMAGES_YAML,
    '0_sig_storage_images.yaml': SIG_STORAGE_IMAGES_YAML,
  };
}

/** The same data as a frozen object, for read-only use. */
export const DEFAULT_IMAGE_CONFIG_DATA: Readonly<Record<string, string>> = Object.freeze(defaultImageConfigData());

/** Default image configurations known to this library, by release, for diffs between releases. */
export const KNOWN_IMAGE_CONFIG_RELEASES: readonly string[] = ['v2.10.4', 'main-0c98a692'];

/** Name of the default configuration among `KNOWN_IMAGE_CONFIG_RELEASES`. */
export const DEFAULT_IMAGE_CONFIG_RELEASE = 'main-0c98a692';

/**
 * The default `.data` of a known release. `v2.10.4` is the newest data without the Debian 13
 * loader rule, which upstream added after that release; `main-0c98a692` is the shipped default.
 * @returns undefined for an unknown release
 */
export function releaseImageConfigData(release: string): Record<string, string> | undefined {
  if (release === DEFAULT_IMAGE_CONFIG_RELEASE) return defaultImageConfigData();
  if (release === 'v2.10.4') {
    const data = defaultImageConfigData();
    data['0_piraeus_datastore_images.yaml'] = PIRAEUS_DATASTORE_IMAGES_YAML.replace(
      '      - osImage: Debian GNU/Linux 13\n        image: drbd9-trixie\n', '');
    return data;
  }
  return undefined;
}
