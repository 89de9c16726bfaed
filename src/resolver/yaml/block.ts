/**
 * Block scalars (`|` and `>`) as libyaml scans them (`yaml_parser_scan_block_scalar` and
 * `yaml_parser_scan_block_scalar_breaks` in go-yaml v2's scannerc.go, v2.4.0). Every block
 * scalar's value is taken from this scan, not from the `yaml` package, which differs in the
 * corners listed at `scanBlockScalar`. Pure.
 */

/** A block-scalar token of the `yaml` package's CST (header props, then the body as `source`). */
export interface BlockScalarToken {
  readonly offset: number;
  readonly props: ReadonlyArray<{ readonly type: string; readonly offset: number; readonly source: string }>;
  /** libyaml's value, recorded by the parser layer for ./nodes. */
  [BLOCK_SCALAR_VALUE]?: string;
}

/** The property of a block-scalar token that holds libyaml's value of it. */
export const BLOCK_SCALAR_VALUE = Symbol('libyaml block scalar value');

/** One line break at `p` as libyaml reads it: CRLF, CR, LF and NEL become "\n"; LS and PS stay. */
function lineBreakAt(text: string, p: number): { readonly text: string; readonly length: number } | undefined {
  const c = text[p];
  if (c === '\r') return { text: '\n', length: text[p + 1] === '\n' ? 2 : 1 };
  if (c === '\n' || c === '\u0085') return { text: '\n', length: 1 };
  if (c === '\u2028' || c === '\u2029') return { text: c, length: 1 };
  return undefined;
}

/**
 * libyaml's check of a block scalar's header line (`yaml_parser_scan_block_scalar`): after `|`
 * or `>`, a chomping indicator and an indentation indicator from 1 to 9 in either order, then
 * only blanks and a comment before the line break. `at` is the offset of the `|` or `>`; the
 * message and where, or undefined.
 */
export function blockHeaderProblem(text: string, at: number): { message: string; offset: number } | undefined {
  let i = at + 1;
  const chomp = (c: string | undefined): boolean => c === '+' || c === '-';
  const digit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
  if (chomp(text[i])) {
    i++;
    if (digit(text[i])) {
      if (text[i] === '0') return { message: 'found an indentation indicator equal to 0', offset: i };
      i++;
    }
  } else if (digit(text[i])) {
    if (text[i] === '0') return { message: 'found an indentation indicator equal to 0', offset: i };
    i++;
    if (chomp(text[i])) i++;
  }
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '#') {
    while (i < text.length && lineBreakAt(text, i) === undefined) i++;
  }
  if (i < text.length && lineBreakAt(text, i) === undefined) {
    return { message: 'did not find expected comment or line break after a block scalar header (| or >)', offset: i };
  }
  return undefined;
}

/** A block scalar as libyaml scans it: its value, and where the scan stopped. */
export interface BlockScalar {
  readonly value: string;
  /**
   * Offset where libyaml's scan stopped: the first character of the first line that is not part
   * of the scalar, after that line's indentation spaces (or the end of the text).
   */
  readonly end: number;
}

/**
 * libyaml's scan of a block scalar whose body starts at `from` in `text` (the start of the line
 * after the header, with LS and PS as written), given its header (`|`, `>-`, `|2+`, ...) and the
 * indentation of the enclosing block collection (the `yaml` package's token `indent`, 0 at the
 * top level). Where libyaml and the `yaml` package part:
 *
 *  - an undetermined indentation is the largest of the leading empty lines' and the first
 *    content line's (the `yaml` package takes the first content line's), so a leading empty line
 *    with more spaces ends the scalar before a less indented content line;
 *  - a line of only spaces beyond the indentation is content (its extra spaces are kept);
 *  - LS and PS end lines, are kept as themselves and never folded.
 *
 * Tabs in the indentation are not checked here (`blockScalarTabProblem`).
 */
export function scanBlockScalar(text: string, from: number, header: string, parentIndent: number): BlockScalar {
  const literal = header.startsWith('|');
  const chomping = header.includes('-') ? -1 : header.includes('+') ? 1 : 0;
  const increment = /[1-9]/.exec(header);
  let indent = increment ? parentIndent + Number(increment[0]) : 0;
  let pos = from;
  let column = 0;
  let value = '';
  let leadingBreak = '';
  let trailingBreaks = '';

  // Indentation spaces and empty lines; the first call also settles an undetermined indentation.
  const skipBreaks = (): void => {
    let maxIndent = 0;
    for (;;) {
      while ((indent === 0 || column < indent) && text[pos] === ' ') {
        pos++;
        column++;
      }
      maxIndent = Math.max(maxIndent, column);
      const lb = lineBreakAt(text, pos);
      if (lb === undefined) break;
      trailingBreaks += lb.text;
      pos += lb.length;
      column = 0;
    }
    if (indent === 0) indent = Math.max(maxIndent, parentIndent + 1, 1);
  };

  skipBreaks();
  let leadingBlank = false;
  while (column === indent && pos < text.length) {
    const trailingBlank = text[pos] === ' ' || text[pos] === '\t';
    if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
      if (trailingBreaks === '') value += ' ';
    } else {
      value += leadingBreak;
    }
    value += trailingBreaks;
    leadingBreak = '';
    trailingBreaks = '';
    leadingBlank = trailingBlank;
    const lineStart = pos;
    while (pos < text.length && lineBreakAt(text, pos) === undefined) pos++;
    value += text.slice(lineStart, pos);
    const lb = lineBreakAt(text, pos);
    if (lb === undefined) break;
    leadingBreak = lb.text;
    pos += lb.length;
    column = 0;
    skipBreaks();
  }
  if (chomping !== -1) value += leadingBreak;
  if (chomping === 1) value += trailingBreaks;
  return { value, end: pos };
}
