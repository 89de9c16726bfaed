/**
 * Human-readable renderings shared by the commands: plain tables and the "why" of a resolution.
 */
import { Provenance } from '../resolver/types';

/** A plain text table with a header row, columns padded to the widest cell. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

/** A Markdown table; pipes in cells are escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/** Why an image was chosen, in one phrase: document, rule or fallback, variable, base. */
export function explainProvenance(p: Provenance): string {
  const parts: string[] = [];
  parts.push(p.document);
  parts.push(p.rule ? `rule ${p.rule.index} /${p.rule.pattern}/` : 'fallback');
  if (p.envVar) parts.push(`env ${p.envVar}`);
  else if (p.baseSource === 'repository') parts.push(`repository ${p.base}`);
  if (p.externalVersion) parts.push('external controller version');
  if (p.precompiled) parts.push('precompiled');
  return parts.join(', ');
}
