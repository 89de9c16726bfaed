/**
 * The operator's embedded workload templates and patches, as plain objects, exactly as the
 * operator's kustomizations start from them: no namespace, no labels added by the controller, and
 * every image a placeholder (the component key the image configuration resolves).
 *
 * Upstream sources (github.com/piraeusdatastore/piraeus-operator; commits as read):
 * - `pkg/resources/cluster/controller/controller-deployment.yaml` @ 40dde4fce43c50efba0a272a5475102db91dd7d9
 * - `pkg/resources/cluster/csi-controller/csi-controller-deployment.yaml` @ 9636107628557384308a54bfaeaf2f1ad3fc9731
 *   (v2.10.1+: sidecar liveness probes, `$(VAR)` arguments, group-snapshot feature gate)
 * - `pkg/resources/cluster/csi-node/csi-node-daemon-set.yaml` @ e7cca580213a47020a1ac60230c43c72029bc4f1
 *   plus the v2.10.4 fix of PR #929 (registrar port renamed `reg-healthz`); the v2.10.2 SELinux
 *   mounts of PR #912 are NOT included (that version of the file was not available)
 * - `pkg/resources/cluster/ha-controller/daemonset.yaml` @ 40dde4fc
 * - `pkg/resources/cluster/affinity-controller/affinity-controller-deployment.yaml` @ 40dde4fc
 * - `pkg/resources/cluster/nfs-server/nfs-server-daemon-set.yaml` @ c8210ff0dc65c4147ce4c1761ee0a321f0821b6a
 * - `pkg/resources/satellite/satellite/daemonset.yaml` @ 40dde4fc
 * - `pkg/resources/satellite/patches/precompiled-module.yaml`, `tlshd.yaml` @ c952a3c4e1a90ca285fe0e4901c55e723166fe0c
 * - `pkg/resources/satellite/patches/common-node.yaml` @ 6b73f2e8ea9d8398bf0bccd59d4221f2f9bf6901
 * - `pkg/resources/satellite/patches/internal-tls.yaml` @ 6b73f2e8, updated to the newer projected-volume
 *   form (volume `internal-tls` projecting the secret, satellite port 3367) seen in newer sources
 *
 * Every function returns a fresh object; callers may modify it.
 */
import { JsonObject } from './json';

/** The image placeholders the templates use (component keys of the image configuration). */
export const PLACEHOLDERS = {
  linstorController: 'linstor-controller',
  linstorSatellite: 'linstor-satellite',
  linstorCsi: 'linstor-csi',
  csiAttacher: 'csi-attacher',
  csiLivenessprobe: 'csi-livenessprobe',
  csiProvisioner: 'csi-provisioner',
  csiSnapshotter: 'csi-snapshotter',
  csiResizer: 'csi-resizer',
  csiExternalHealthMonitorController: 'csi-external-health-monitor-controller',
  csiNodeDriverRegistrar: 'csi-node-driver-registrar',
  haController: 'ha-controller',
  linstorAffinityController: 'linstor-affinity-controller',
  nfsServer: 'nfs-server',
  drbdModuleLoader: 'drbd-module-loader',
  drbdShutdownGuard: 'drbd-shutdown-guard',
  drbdReactor: 'drbd-reactor',
  ktlsUtils: 'ktls-utils',
} as const;

/** The default in-cluster URL of the LINSTOR API the templates point to. */
export const DEFAULT_CONTROLLER_URL = 'http://linstor-controller:3370';

const COMPONENT = 'app.kubernetes.io/component';
const DEFAULT_CONTAINER = 'kubectl.kubernetes.io/default-container';

// --- small builders (each returns a fresh object) ----------------------------------------------

function component(name: string): JsonObject {
  return { [COMPONENT]: name };
}

function value(name: string, v: string): JsonObject {
  return { name, value: v };
}

/** `valueFrom.fieldRef`; `withApiVersion` where the template spells out `apiVersion: v1`. */
function fromField(name: string, fieldPath: string, withApiVersion: boolean): JsonObject {
  return {
    name,
    valueFrom: { fieldRef: withApiVersion ? { apiVersion: 'v1', fieldPath } : { fieldPath } },
  };
}

/** `readOnlyRootFilesystem: true` and all capabilities dropped. */
function restricted(): JsonObject {
  return { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } };
}

function hostPath(name: string, path: string, type: string): JsonObject {
  return { name, hostPath: { path, type } };
}

function emptyDir(name: string): JsonObject {
  return { name, emptyDir: {} };
}

function httpGet(port: string | number, path: string): JsonObject {
  return { httpGet: { port, path } };
}

// --- cluster level -----------------------------------------------------------------------------

/** Deployment `linstor-controller` (before patches). */
export function linstorControllerTemplate(): JsonObject {
  const electionEnv = (): JsonObject[] => [
    value('K8S_AWAIT_ELECTION_ENABLED', '1'),
    value('K8S_AWAIT_ELECTION_NAME', 'linstor-controller'),
    value('K8S_AWAIT_ELECTION_LOCK_NAME', 'linstor-controller'),
    fromField('K8S_AWAIT_ELECTION_LOCK_NAMESPACE', 'metadata.namespace', false),
    fromField('K8S_AWAIT_ELECTION_IDENTITY', 'metadata.name', false),
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'linstor-controller', labels: component('linstor-controller') },
    spec: {
      selector: { matchLabels: component('linstor-controller') },
      strategy: { type: 'Recreate' },
      template: {
        metadata: {
          annotations: { [DEFAULT_CONTAINER]: 'linstor-controller' },
          labels: component('linstor-controller'),
        },
        spec: {
          initContainers: [
            {
              name: 'run-migration',
              image: PLACEHOLDERS.linstorController,
              args: ['runMigration'],
              env: electionEnv(),
              securityContext: restricted(),
              volumeMounts: [
                { mountPath: '/run/migration', name: 'migration' },
                { mountPath: '/etc/linstor', name: 'etc-linstor', readOnly: true },
                { mountPath: '/tmp', name: 'tmp' },
              ],
            },
          ],
          containers: [
            {
              name: 'linstor-controller',
              image: PLACEHOLDERS.linstorController,
              args: ['startController'],
              env: [value('JAVA_OPTS', '-Djdk.tls.acknowledgeCloseNotify=true'), ...electionEnv()],
              ports: [{ name: 'api', containerPort: 3370, protocol: 'TCP' }],
              livenessProbe: httpGet('api', '/health'),
              startupProbe: { ...httpGet('api', '/health'), failureThreshold: 30, periodSeconds: 10 },
              securityContext: restricted(),
              volumeMounts: [
                { mountPath: '/var/log/linstor-controller', name: 'var-log-linstor-controller' },
                { mountPath: '/etc/linstor', name: 'etc-linstor', readOnly: true },
                { mountPath: '/tmp', name: 'tmp' },
              ],
            },
          ],
          enableServiceLinks: false,
          serviceAccountName: 'linstor-controller',
          shareProcessNamespace: true,
          priorityClassName: 'system-node-critical',
          volumes: [
            { name: 'etc-linstor', configMap: { name: 'linstor-controller-config' } },
            emptyDir('var-log-linstor-controller'),
            emptyDir('tmp'),
            emptyDir('migration'),
          ],
        },
      },
    },
  };
}

/** One CSI sidecar of the CSI controller in its v2.10.1+ form (arguments through `$(VAR)`). */
function csiSidecar(
  name: string,
  image: string,
  args: string[],
  httpEndpoint: string,
  extraEnv: JsonObject[],
  port: number,
  trailingEnv: JsonObject[] = [],
): JsonObject {
  return {
    name,
    image,
    args,
    env: [
      value('VERBOSE', '5'),
      value('ADDRESS', '/csi/csi.sock'),
      value('TIMEOUT', '1m'),
      value('LEADER_ELECTION', 'true'),
      fromField('NAMESPACE', 'metadata.namespace', true),
      value('WORKER_THREADS', '10'),
      value('HTTP_ENDPOINT', httpEndpoint),
      ...extraEnv,
      ...trailingEnv,
    ],
    livenessProbe: httpGet(port, '/healthz/leader-election'),
    volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
    securityContext: restricted(),
  };
}

const SIDECAR_COMMON_ARGS = [
  '--v=$(VERBOSE)',
  '--csi-address=$(ADDRESS)',
  '--timeout=$(TIMEOUT)',
  '--leader-election=$(LEADER_ELECTION)',
  '--leader-election-namespace=$(NAMESPACE)',
];

/** Deployment `linstor-csi-controller` (before patches). */
export function linstorCsiControllerTemplate(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'linstor-csi-controller', labels: component('linstor-csi-controller') },
    spec: {
      selector: { matchLabels: component('linstor-csi-controller') },
      template: {
        metadata: {
          annotations: { [DEFAULT_CONTAINER]: 'linstor-csi' },
          labels: component('linstor-csi-controller'),
        },
        spec: {
          enableServiceLinks: false,
          serviceAccountName: 'linstor-csi-controller',
          shareProcessNamespace: true,
          priorityClassName: 'system-node-critical',
          initContainers: [
            {
              name: 'linstor-wait-api-online',
              image: PLACEHOLDERS.linstorCsi,
              command: ['/linstor-wait-until', 'api-online'],
              env: [value('LS_CONTROLLERS', DEFAULT_CONTROLLER_URL)],
              securityContext: restricted(),
            },
          ],
          containers: [
            {
              name: 'linstor-csi',
              image: PLACEHOLDERS.linstorCsi,
              args: [
                '--csi-endpoint=unix://$(ADDRESS)',
                '--property-namespace=$(PROPERTY_NAMESPACE)',
                '--label-by-storage-pool=$(LABEL_BY_STORAGE_POOL)',
                '--enable-rwx=$(ENABLE_RWX)',
                '--nfs-reactor-config-map-name=$(NFS_REACTOR_CONFIG_MAP_NAME)',
              ],
              env: [
                value('ADDRESS', '/csi/csi.sock'),
                value('PROPERTY_NAMESPACE', 'Aux/topology'),
                value('LABEL_BY_STORAGE_POOL', 'false'),
                value('ENABLE_RWX', 'true'),
                value('NFS_REACTOR_CONFIG_MAP_NAME', 'linstor-csi-nfs-server-reactor-config'),
                value('LS_CONTROLLERS', DEFAULT_CONTROLLER_URL),
              ],
              volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
              ports: [{ name: 'healthz', containerPort: 9808 }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
              securityContext: restricted(),
            },
            csiSidecar(
              'csi-attacher',
              PLACEHOLDERS.csiAttacher,
              [...SIDECAR_COMMON_ARGS, '--worker-threads=$(WORKER_THREADS)', '--http-endpoint=$(HTTP_ENDPOINT)'],
              ':9809',
              [],
              9809,
            ),
            {
              name: 'csi-livenessprobe',
              image: PLACEHOLDERS.csiLivenessprobe,
              args: ['--csi-address=$(ADDRESS)'],
              env: [value('ADDRESS', '/csi/csi.sock')],
              volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
              securityContext: restricted(),
            },
            csiSidecar(
              'csi-provisioner',
              PLACEHOLDERS.csiProvisioner,
              [
                ...SIDECAR_COMMON_ARGS,
                '--worker-threads=$(WORKER_THREADS)',
                '--http-endpoint=$(HTTP_ENDPOINT)',
                '--default-fstype=$(DEFAULT_FS_TYPE)',
                '--enable-capacity=$(ENABLE_CAPACITY)',
                '--extra-create-metadata=$(EXTRA_CREATE_METADATA)',
                '--capacity-ownerref-level=$(CAPACITY_OWNERREF_LEVEL)',
              ],
              ':9810',
              [
                value('DEFAULT_FS_TYPE', 'ext4'),
                value('ENABLE_CAPACITY', 'true'),
                value('EXTRA_CREATE_METADATA', 'true'),
                value('CAPACITY_OWNERREF_LEVEL', '2'),
              ],
              9810,
              [fromField('POD_NAME', 'metadata.name', true)],
            ),
            csiSidecar(
              'csi-snapshotter',
              PLACEHOLDERS.csiSnapshotter,
              [
                ...SIDECAR_COMMON_ARGS,
                '--worker-threads=$(WORKER_THREADS)',
                '--http-endpoint=$(HTTP_ENDPOINT)',
                '--feature-gates=CSIVolumeGroupSnapshot=$(FEATURE_GATE_CSI_VOLUME_GROUP_SNAPSHOT),$(FEATURE_GATES)',
              ],
              ':9811',
              [value('FEATURE_GATE_CSI_VOLUME_GROUP_SNAPSHOT', 'true'), value('FEATURE_GATES', '')],
              9811,
            ),
            csiSidecar(
              'csi-resizer',
              PLACEHOLDERS.csiResizer,
              [
                ...SIDECAR_COMMON_ARGS,
                '--workers=$(WORKER_THREADS)',
                '--http-endpoint=$(HTTP_ENDPOINT)',
                '--handle-volume-inuse-error=$(HANDLE_VOLUME_INUSE_ERROR)',
              ],
              ':9812',
              [value('HANDLE_VOLUME_INUSE_ERROR', 'false')],
              9812,
            ),
            csiSidecar(
              'csi-health-monitor',
              PLACEHOLDERS.csiExternalHealthMonitorController,
              [...SIDECAR_COMMON_ARGS, '--worker-threads=$(WORKER_THREADS)', '--http-endpoint=$(HTTP_ENDPOINT)'],
              ':9813',
              [],
              9813,
            ),
          ],
          volumes: [emptyDir('socket-dir')],
        },
      },
    },
  };
}

/** DaemonSet `linstor-csi-node` (before patches). */
export function linstorCsiNodeTemplate(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'linstor-csi-node', labels: component('linstor-csi-node') },
    spec: {
      selector: { matchLabels: component('linstor-csi-node') },
      template: {
        metadata: {
          annotations: { [DEFAULT_CONTAINER]: 'linstor-csi' },
          labels: component('linstor-csi-node'),
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          serviceAccountName: 'linstor-csi-node',
          shareProcessNamespace: true,
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          priorityClassName: 'system-node-critical',
          initContainers: [
            {
              name: 'linstor-wait-node-online',
              image: PLACEHOLDERS.linstorCsi,
              command: ['/linstor-wait-until', 'satellite-online', '$(KUBE_NODE_NAME)'],
              env: [
                fromField('KUBE_NODE_NAME', 'spec.nodeName', true),
                value('LS_CONTROLLERS', DEFAULT_CONTROLLER_URL),
              ],
            },
          ],
          containers: [
            {
              name: 'linstor-csi',
              image: PLACEHOLDERS.linstorCsi,
              args: [
                '--csi-endpoint=unix:///csi/csi.sock',
                '--node=$(KUBE_NODE_NAME)',
                '--property-namespace=Aux/topology',
                '--label-by-storage-pool=false',
              ],
              securityContext: {
                readOnlyRootFilesystem: true,
                privileged: true,
                capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] },
              },
              env: [
                fromField('KUBE_NODE_NAME', 'spec.nodeName', true),
                value('LS_CONTROLLERS', DEFAULT_CONTROLLER_URL),
              ],
              ports: [{ containerPort: 9808, name: 'healthz', protocol: 'TCP' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
              volumeMounts: [
                { name: 'plugin-dir', mountPath: '/csi' },
                { name: 'publish-dir', mountPath: '/var/lib/kubelet', mountPropagation: 'Bidirectional' },
                { name: 'device-dir', mountPath: '/dev' },
                { name: 'run-mount', mountPath: '/run/mount' },
              ],
            },
            {
              name: 'csi-node-driver-registrar',
              image: PLACEHOLDERS.csiNodeDriverRegistrar,
              args: [
                '--v=5',
                '--csi-address=/csi/csi.sock',
                '--kubelet-registration-path=/var/lib/kubelet/plugins/linstor.csi.linbit.com/csi.sock',
                '--health-port=9809',
              ],
              securityContext: restricted(),
              // PR #929 (v2.10.4): renamed from "healthz", which collided with linstor-csi's port
              // under hostNetwork; the probe must name the port of its own container.
              ports: [{ containerPort: 9809, name: 'reg-healthz' }],
              livenessProbe: { httpGet: { path: '/healthz', port: 'reg-healthz' }, initialDelaySeconds: 5, timeoutSeconds: 5 },
              volumeMounts: [
                { name: 'plugin-dir', mountPath: '/csi' },
                { name: 'registration-dir', mountPath: '/registration' },
              ],
            },
            {
              name: 'csi-livenessprobe',
              image: PLACEHOLDERS.csiLivenessprobe,
              securityContext: restricted(),
              volumeMounts: [{ name: 'plugin-dir', mountPath: '/csi' }],
              args: ['--csi-address=/csi/csi.sock'],
            },
          ],
          volumes: [
            hostPath('device-dir', '/dev', 'Directory'),
            hostPath('publish-dir', '/var/lib/kubelet', 'Directory'),
            hostPath('registration-dir', '/var/lib/kubelet/plugins_registry', 'Directory'),
            hostPath('plugin-dir', '/var/lib/kubelet/plugins/linstor.csi.linbit.com', 'DirectoryOrCreate'),
            hostPath('run-mount', '/run/mount', 'Directory'),
          ],
        },
      },
    },
  };
}

/** DaemonSet `ha-controller` (before patches). */
export function haControllerTemplate(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'ha-controller', labels: component('ha-controller') },
    spec: {
      selector: { matchLabels: component('ha-controller') },
      template: {
        metadata: { labels: component('ha-controller') },
        spec: {
          serviceAccountName: 'ha-controller',
          shareProcessNamespace: true,
          priorityClassName: 'system-cluster-critical',
          containers: [
            {
              name: 'ha-controller',
              args: ['/agent', '--v=1'],
              securityContext: { privileged: true, readOnlyRootFilesystem: true },
              image: PLACEHOLDERS.haController,
              env: [fromField('NODE_NAME', 'spec.nodeName', false)],
              startupProbe: httpGet(8000, '/healthz'),
              livenessProbe: httpGet(8000, '/healthz'),
            },
          ],
        },
      },
    },
  };
}

/** Deployment `linstor-affinity-controller` (before patches). */
export function linstorAffinityControllerTemplate(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'linstor-affinity-controller', labels: component('linstor-affinity-controller') },
    spec: {
      selector: { matchLabels: component('linstor-affinity-controller') },
      template: {
        metadata: {
          annotations: { [DEFAULT_CONTAINER]: 'linstor-affinity-controller' },
          labels: component('linstor-affinity-controller'),
        },
        spec: {
          containers: [
            {
              name: 'linstor-affinity-controller',
              image: PLACEHOLDERS.linstorAffinityController,
              args: [
                '/linstor-affinity-controller',
                '--v=$(VERBOSE)',
                '--leader-election=$(LEADER_ELECTION)',
                '--property-namespace=$(PROPERTY_NAMESPACE)',
                '--bind-address=$(BIND_ADDRESS)',
                '--metrics-address=$(METRICS_ADDRESS)',
              ],
              env: [
                value('VERBOSE', '1'),
                value('LEADER_ELECTION', 'true'),
                value('PROPERTY_NAMESPACE', 'Aux/topology'),
                value('BIND_ADDRESS', ':8000'),
                value('METRICS_ADDRESS', ':8081'),
                value('LEASE_LOCK_NAME', 'linstor-affinity-controller'),
                { name: 'LEASE_HOLDER_IDENTITY', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
                value('LS_CONTROLLERS', DEFAULT_CONTROLLER_URL),
              ],
              ports: [
                { name: 'health', containerPort: 8000, protocol: 'TCP' },
                { name: 'metrics', containerPort: 8081, protocol: 'TCP' },
              ],
              livenessProbe: httpGet('health', '/healthz'),
              startupProbe: { ...httpGet('health', '/healthz'), failureThreshold: 30, periodSeconds: 10 },
              securityContext: restricted(),
            },
          ],
          enableServiceLinks: false,
          serviceAccountName: 'linstor-affinity-controller',
          priorityClassName: 'system-cluster-critical',
          shareProcessNamespace: true,
        },
      },
    },
  };
}

/** DaemonSet `linstor-csi-nfs-server` (before patches). */
export function linstorCsiNfsServerTemplate(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'linstor-csi-nfs-server', labels: component('linstor-csi-nfs-server') },
    spec: {
      selector: { matchLabels: component('linstor-csi-nfs-server') },
      template: {
        metadata: {
          labels: component('linstor-csi-nfs-server'),
          annotations: { [DEFAULT_CONTAINER]: 'nfs-server' },
        },
        spec: {
          serviceAccountName: 'linstor-csi-nfs-server',
          enableServiceLinks: false,
          initContainers: [
            {
              name: 'linstor-wait-node-online',
              image: PLACEHOLDERS.linstorCsi,
              command: ['/linstor-wait-until', 'satellite-online', '$(NODE_NAME)'],
              env: [fromField('NODE_NAME', 'spec.nodeName', true), value('LS_CONTROLLERS', DEFAULT_CONTROLLER_URL)],
            },
          ],
          containers: [
            {
              name: 'nfs-server',
              image: PLACEHOLDERS.nfsServer,
              tty: true,
              securityContext: { privileged: true, capabilities: { drop: ['ALL'] } },
              env: [
                value('container', 'kubernetes'),
                value('SYSTEMD_LOG_TARGET', 'console'),
                value('HOST_DEV_PREFIX', '/host'),
                value('REACTOR_CONFIG_MAP', 'linstor-csi-nfs-server-reactor-config'),
                fromField('NODE_NAME', 'spec.nodeName', false),
                fromField('POD_IP', 'status.podIP', false),
                fromField('POD_NAME', 'metadata.name', false),
                fromField('POD_NAMESPACE', 'metadata.namespace', false),
                fromField('POD_UID', 'metadata.uid', false),
              ],
              volumeMounts: [
                { mountPath: '/etc/nfs-helper', name: 'linstor-csi-nfs-server-templates', readOnly: true },
                { mountPath: '/etc/drbd-reactor.d', name: 'reactor-config' },
                { mountPath: '/host/dev', name: 'dev', mountPropagation: 'HostToContainer' },
                { mountPath: '/sys', name: 'sys', mountPropagation: 'HostToContainer', readOnly: true },
                { mountPath: '/run', name: 'run' },
              ],
            },
          ],
          shareProcessNamespace: false,
          volumes: [
            emptyDir('run'),
            emptyDir('reactor-config'),
            hostPath('dev', '/dev', 'Directory'),
            hostPath('sys', '/sys', 'Directory'),
            { name: 'linstor-csi-nfs-server-templates', configMap: { name: 'linstor-csi-nfs-server-templates' } },
          ],
        },
      },
    },
  };
}

// --- satellite ---------------------------------------------------------------------------------

/** The `setup-lvm-configuration` script (the template's block literal, with its final newline). */
export const SETUP_LVM_CONFIGURATION_SCRIPT = [
  'if [ -e /host/etc/lvm/lvm.conf ]; then',
  '  # Looks like the host has LVM configured:',
  '  # * disable monitoring via dmeventd',
  '  # * do not look at DRBD devices',
  `  lvmconfig --type current --mergedconfig --config 'activation { monitoring = 0 } devices { global_filter = [ "r|^/dev/drbd|" ] }' > /etc/lvm/lvm.conf`,
  'else',
  '  # Most likely, no LVM installed, which also means no udev rules',
  '  # * disable udev sync and rules',
  '  # * do not look at udev for device lists',
  '  # * disable monitoring via dmeventd',
  '  # * do not look at DRBD devices',
  `  lvmconfig --type current --mergedconfig --config 'activation { udev_sync = 0 udev_rules = 0 monitoring = 0 } devices { global_filter = [ "r|^/dev/drbd|" ] obtain_device_list_from_udev = 0}' > /etc/lvm/lvm.conf`,
  'fi',
  '',
].join('\n');

/** The ConfigMaps of the satellite kustomization, whose names receive the satellite's suffix. */
export const SATELLITE_CONFIG_MAPS: readonly string[] = ['satellite-config', 'reactor-config'];

/** DaemonSet `linstor-satellite` (before patches, name suffix and node pinning). */
export function linstorSatelliteTemplate(): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'linstor-satellite', labels: component('linstor-satellite') },
    spec: {
      selector: { matchLabels: component('linstor-satellite') },
      template: {
        metadata: {
          annotations: { [DEFAULT_CONTAINER]: 'linstor-satellite' },
          labels: component('linstor-satellite'),
        },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          serviceAccountName: 'satellite',
          shareProcessNamespace: true,
          priorityClassName: 'system-node-critical',
          hostIPC: true,
          initContainers: [
            {
              name: 'drbd-module-loader',
              image: PLACEHOLDERS.drbdModuleLoader,
              env: [
                value('LB_FAIL_IF_USERMODE_HELPER_NOT_DISABLED', 'yes'),
                value('LB_DRBD_MIN_LOADED_VERSION', '9'),
                value('LB_SELINUX_AS', 'modules_object_t'),
              ],
              securityContext: {
                readOnlyRootFilesystem: true,
                seLinuxOptions: { type: 'spc_t', level: 's0' },
                capabilities: { drop: ['ALL'], add: ['SYS_MODULE'] },
              },
              volumeMounts: [
                { mountPath: '/lib/modules', name: 'lib-modules', readOnly: true },
                { mountPath: '/usr/src', name: 'usr-src', readOnly: true },
                { mountPath: '/tmp', name: 'tmp' },
              ],
            },
            {
              name: 'drbd-shutdown-guard',
              image: PLACEHOLDERS.drbdShutdownGuard,
              securityContext: { privileged: true, readOnlyRootFilesystem: true },
              volumeMounts: [
                { mountPath: '/run/systemd/system/', name: 'run-systemd-system' },
                { mountPath: '/run/drbd-shutdown-guard', name: 'run-drbd-shutdown-guard' },
                { mountPath: '/run/dbus/system_bus_socket', name: 'systemd-bus-socket' },
              ],
            },
            {
              name: 'setup-lvm-configuration',
              image: PLACEHOLDERS.linstorSatellite,
              command: ['sh', '-exc', SETUP_LVM_CONFIGURATION_SCRIPT],
              securityContext: { privileged: true, readOnlyRootFilesystem: true },
              volumeMounts: [
                { mountPath: '/host/etc/lvm', name: 'etc-lvm', readOnly: true },
                { mountPath: '/etc/lvm', name: 'container-etc-lvm' },
                { mountPath: '/run/udev', name: 'run-udev' },
              ],
            },
          ],
          containers: [
            {
              name: 'linstor-satellite',
              image: PLACEHOLDERS.linstorSatellite,
              args: ['startSatellite'],
              env: [
                value('JAVA_OPTS', '-Djdk.tls.acknowledgeCloseNotify=true'),
                fromField('LB_FORCE_NODE_NAME', 'spec.nodeName', false),
              ],
              ports: [{ containerPort: 3366, name: 'linstor', protocol: 'TCP' }],
              startupProbe: { tcpSocket: { port: 'linstor' } },
              livenessProbe: { tcpSocket: { port: 'linstor' } },
              securityContext: {
                readOnlyRootFilesystem: true,
                privileged: true,
                capabilities: { drop: ['ALL'], add: ['NET_ADMIN', 'SYS_ADMIN'] },
              },
              volumeMounts: [
                { mountPath: '/etc/linstor', name: 'satellite-config', readOnly: true },
                { mountPath: '/dev', name: 'dev' },
                { mountPath: '/var/log/linstor-satellite', name: 'var-log-linstor-satellite' },
                { mountPath: '/var/lib/drbd', name: 'var-lib-drbd' },
                { mountPath: '/var/lib/linstor.d', name: 'var-lib-linstor-d' },
                { mountPath: '/etc/lvm', name: 'container-etc-lvm' },
                { mountPath: '/etc/lvm/archive', name: 'etc-lvm-archive' },
                { mountPath: '/etc/lvm/backup', name: 'etc-lvm-backup' },
                { mountPath: '/run', name: 'run' },
                { mountPath: '/tmp', name: 'tmp' },
                { mountPath: '/run/lock/lvm', name: 'run-lock-lvm' },
                { mountPath: '/run/lvm', name: 'run-lvm' },
                { mountPath: '/run/udev', name: 'run-udev', readOnly: true },
              ],
            },
            {
              name: 'drbd-reactor',
              image: PLACEHOLDERS.drbdReactor,
              ports: [{ name: 'prometheus', containerPort: 9942, protocol: 'TCP' }],
              securityContext: restricted(),
              volumeMounts: [{ mountPath: '/etc/drbd-reactor.d', name: 'reactor-config', readOnly: true }],
            },
          ],
          volumes: [
            hostPath('lib-modules', '/lib/modules', 'Directory'),
            hostPath('usr-src', '/usr/src', 'Directory'),
            hostPath('dev', '/dev', 'Directory'),
            hostPath('etc-lvm-archive', '/etc/lvm/archive', 'DirectoryOrCreate'),
            hostPath('etc-lvm', '/etc/lvm', 'DirectoryOrCreate'),
            hostPath('etc-lvm-backup', '/etc/lvm/backup', 'DirectoryOrCreate'),
            hostPath('var-lib-linstor-d', '/var/lib/linstor.d', 'DirectoryOrCreate'),
            hostPath('var-lib-drbd', '/var/lib/drbd', 'DirectoryOrCreate'),
            hostPath('run-systemd-system', '/run/systemd/system/', 'Directory'),
            hostPath('run-drbd-shutdown-guard', '/run/drbd-shutdown-guard', 'DirectoryOrCreate'),
            hostPath('systemd-bus-socket', '/run/dbus/system_bus_socket', 'Socket'),
            hostPath('run-lock-lvm', '/run/lock/lvm', 'DirectoryOrCreate'),
            hostPath('run-lvm', '/run/lvm', 'DirectoryOrCreate'),
            hostPath('run-udev', '/run/udev', 'Directory'),
            hostPath('var-log-linstor-satellite', '/var/log/linstor-satellite', 'DirectoryOrCreate'),
            // `defaultMode: 0440` in the template: YAML octal, 288 decimal.
            { name: 'satellite-config', configMap: { name: 'satellite-config', defaultMode: 0o440 } },
            { name: 'reactor-config', configMap: { name: 'reactor-config', defaultMode: 0o440 } },
            emptyDir('container-etc-lvm'),
            emptyDir('tmp'),
            emptyDir('run'),
          ],
          restartPolicy: 'Always',
        },
      },
    },
  };
}

// --- patches (strategic merge, on the DaemonSet/Deployment object) ------------------------------

function templateSpecPatch(kind: string, name: string, spec: JsonObject): JsonObject {
  return { apiVersion: 'apps/v1', kind, metadata: { name }, spec: { template: { spec } } };
}

/** `common-node.yaml`: pins the satellite DaemonSet to its node by `metadata.name`. */
export function satelliteCommonNodePatch(nodeName: string): JsonObject {
  return templateSpecPatch('DaemonSet', 'linstor-satellite', {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
        },
      },
    },
  });
}

/** `precompiled-module.yaml`: no kernel sources; the loader uses shipped modules. */
export function satellitePrecompiledModulePatch(): JsonObject {
  return templateSpecPatch('DaemonSet', 'linstor-satellite', {
    volumes: [{ name: 'usr-src', $patch: 'delete' }],
    initContainers: [
      {
        name: 'drbd-module-loader',
        volumeMounts: [{ name: 'usr-src', mountPath: '/usr/src', $patch: 'delete' }],
        env: [value('LB_HOW', 'shipped_modules')],
      },
    ],
  });
}

/** `tlshd.yaml`: the `ktls-utils` sidecar (TLS handshake daemon). */
export function satelliteTlshdPatch(): JsonObject {
  return templateSpecPatch('DaemonSet', 'linstor-satellite', {
    containers: [
      {
        name: 'ktls-utils',
        image: PLACEHOLDERS.ktlsUtils,
        securityContext: {
          capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] },
          privileged: true,
          readOnlyRootFilesystem: true,
        },
        volumeMounts: [{ name: 'internal-tls', mountPath: '/etc/tlshd.d', readOnly: true }],
      },
    ],
  });
}

/**
 * `internal-tls.yaml` (satellite), DaemonSet part: the TLS secret, the Java keystore directory,
 * and the SSL port 3367 instead of 3366. The CA projection of `caReference` is not rendered.
 */
export function satelliteInternalTlsPatch(secretName: string): JsonObject {
  return templateSpecPatch('DaemonSet', 'linstor-satellite', {
    volumes: [
      { name: 'internal-tls', projected: { sources: [{ secret: { name: secretName } }] } },
      emptyDir('java-internal-tls'),
    ],
    containers: [
      {
        name: 'linstor-satellite',
        ports: [
          { containerPort: 3366, $patch: 'delete' },
          { containerPort: 3367, name: 'linstor', protocol: 'TCP' },
        ],
        volumeMounts: [
          { name: 'internal-tls', mountPath: '/etc/linstor/ssl-pem', readOnly: true },
          { name: 'java-internal-tls', mountPath: '/etc/linstor/ssl' },
        ],
      },
    ],
  });
}
