/**
 * The alerting rules of upstream's monitoring extra, as data: the alert names, expressions,
 * durations and severities are facts from piraeusdatastore/piraeus-operator
 * config/extras/monitoring/alerts.yaml@d2f27273bb766ea7112215bde62ccbaf2d41f9c9; the descriptions
 * are this library's own.
 */

/** One alerting rule of a PrometheusRule. */
export interface AlertRule {
  /** Name of the alert. */
  readonly alert: string;
  /** PromQL expression; the alert fires while it returns series. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires. */
  readonly for?: string;
  /** Labels of the alert. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations of the alert. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A named group of alerting rules. */
export interface AlertRuleGroup {
  /** Name of the group. */
  readonly name: string;
  /** The rules, in upstream's order. */
  readonly rules: readonly AlertRule[];
}

function rule(alert: string, expr: string, severity: string, description: string, duration?: string): AlertRule {
  return { alert, expr, ...(duration ? { for: duration } : {}), labels: { severity }, annotations: { description } };
}

/** The LINSTOR and DRBD rule groups. */
export function piraeusAlertRuleGroups(): AlertRuleGroup[] {
  return [
    {
      name: 'linstor.rules',
      rules: [
        rule('linstorSatelliteErrorRate', 'increase(linstor_error_reports_count{module="SATELLITE"}[15m]) > 0', 'warning',
          'The satellite on {{ $labels.hostname }} logged {{ $value }} new error reports within 15 minutes; '
          + '`linstor error-reports list --nodes {{ $labels.hostname }} --since 15minutes` shows them.'),
        rule('linstorControllerErrorRate', 'increase(linstor_error_reports_count{module="CONTROLLER"}[15m]) > 0', 'warning',
          'The LINSTOR controller logged {{ $value }} new error reports within 15 minutes; '
          + '`linstor error-reports list --since 15minutes` shows them.'),
        rule('linstorSatelliteNotOnline', 'linstor_node_state{nodetype="SATELLITE"} != 2', 'critical',
          'The controller does not see the satellite on {{ $labels.hostname }} as ONLINE: is its pod running, '
          + 'and can the controller reach it?'),
        rule('linstorStoragePoolErrors', 'linstor_storage_pool_error_count > 0', 'critical',
          'Storage pool {{ $labels.storage_pool }} ({{ $labels.driver }} {{ $labels.backing_pool }}) on {{ $labels.node }} has errors.'),
        rule('linstorStoragePoolAtCapacity',
          '( linstor_storage_pool_capacity_free_bytes / linstor_storage_pool_capacity_total_bytes ) < 0.20', 'warn',
          'Storage pool {{ $labels.storage_pool }} ({{ $labels.driver }} {{ $labels.backing_pool }}) on {{ $labels.node }} '
          + 'has under a fifth of its capacity free.'),
      ],
    },
    {
      name: 'drbd.rules',
      rules: [
        rule('drbdConnectionNotConnected', 'drbd_connection_state{drbd_connection_state!="Connected"} > 0', 'warn',
          'On {{ $labels.pod }}, resource {{ $labels.name }} has no working connection to {{ $labels.conn_name }} '
          + '(state {{ $labels.drbd_connection_state }}).'),
        rule('drbdDeviceNotUpToDate', 'drbd_device_state{drbd_device_state!~"UpToDate|Diskless"} > 0', 'warn',
          'On {{ $labels.pod }}, the disk of device {{ $labels.name }} is {{ $labels.drbd_device_state }}, '
          + 'neither UpToDate nor Diskless.'),
        rule('drbdDeviceUnintentionalDiskless', 'drbd_device_unintentionaldiskless > 0', 'warn',
          'On {{ $labels.pod }}, device {{ $labels.name }} lost its local disk without being asked to; '
          + 'the kernel log of the node usually shows I/O errors of the backing device.'),
        rule('drbdDeviceWithoutQuorum', 'drbd_device_quorum == 0', 'warn',
          'On {{ $labels.pod }}, device {{ $labels.name }} has lost quorum, most often because peers are unreachable.'),
        rule('drbdResourceSuspended', 'drbd_resource_suspended > 0', 'warn',
          'On {{ $labels.pod }}, I/O to resource {{ $labels.name }} has been suspended for a minute.', '1m'),
        rule('drbdResourceResyncWithoutProgress',
          'drbd_device_state{drbd_device_state="Inconsistent"} and delta(drbd_peerdevice_outofsync_bytes[5m]) >= 0', 'warn',
          'On {{ $labels.pod }}, resource {{ $labels.name }} stayed Inconsistent for 5 minutes without its resync '
          + 'advancing: no peer with UpToDate data may be connected, or the resync is stuck.'),
      ],
    },
  ];
}
