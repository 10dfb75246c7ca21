/** CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, formulas defused. */

/**
 * Spreadsheets run a cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage
 * return); a leading apostrophe makes it plain text. Applied to text people or operators typed.
 */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** Quotes a cell that holds a comma, a quote or a line break, doubling inner quotes. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One line of cells, each defused and quoted, ending in CRLF. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => csvCell(defuseFormula(cell))).join(',')}\r\n`
}
