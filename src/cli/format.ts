/**
 * Human-readable renderings shared by the commands (one implementation, in the pure report module).
 */
export { markdownTable, textTable, why as explainProvenance } from '../workloads/report-format';
