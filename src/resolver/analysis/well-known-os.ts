/**
 * Representative `status.nodeInfo.osImage` strings, one for each OS family the release's default
 * `drbd-module-loader` rules name (as kubelet reports them on those systems). The rules are
 * regular expressions, so "which nodes resolve differently" is judged on these strings, plus the
 * node inventory a caller gives. Data only.
 */
export const WELL_KNOWN_OS_IMAGES: readonly string[] = [
  'AlmaLinux 8.10 (Cerulean Leopard)',
  'AlmaLinux 9.4 (Seafoam Ocelot)',
  'AlmaLinux 10.0 (Purple Lion)',
  'CentOS Linux 7 (Core)',
  'CentOS Linux 8',
  'Debian GNU/Linux 10 (buster)',
  'Debian GNU/Linux 11 (bullseye)',
  'Debian GNU/Linux 12 (bookworm)',
  'Oracle Linux Server 8.10',
  'Oracle Linux Server 9.4',
  'Oracle Linux Server 10.0',
  'Red Hat Enterprise Linux 7.9 (Maipo)',
  'Red Hat Enterprise Linux 8.10 (Ootpa)',
  'Red Hat Enterprise Linux 9.4 (Plow)',
  'Red Hat Enterprise Linux 10.0 (Coughlan)',
  'Red Hat Enterprise Linux CoreOS 412.86.202306132230-0 (Ootpa)',
  'Red Hat Enterprise Linux CoreOS 416.94.202410211619-0',
  'Rocky Linux 8.10 (Green Obsidian)',
  'Rocky Linux 9.4 (Blue Onyx)',
  'Rocky Linux 10.0 (Red Quartz)',
  'Ubuntu 18.04.6 LTS',
  'Ubuntu 20.04.6 LTS',
  'Ubuntu 22.04.4 LTS',
  'Ubuntu 24.04.1 LTS',
];
