/**
 * Headings, paragraphs and tables on an A4 pdfkit document, laid out so a table stays
 * readable across pages: a row is never split, and each new page repeats the header row.
 */
import PDFDocument from 'pdfkit'

export type ReportDocument = PDFKit.PDFDocument

export interface TableColumn {
  header: string
  /** Share of the page's text width; the shares of one table add up to 1. */
  share: number
  align?: 'left' | 'right'
}

const fontSize = { title: 16, heading: 12, body: 9, cell: 8 }
const cellPadding = 3
/** Above the first row of a continued table: the section title and a two-line header row. */
const roomForTitleAndHeader = 60
const headerFill = '#e6e9ef'
const ruleColour = '#c4c9d2'

export function createReportDocument(info: { title: string; language: string }): ReportDocument {
  return new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 60, left: 50, right: 50 },
    // Kept in memory so page numbers ("page 2 of 5") can be written once all pages exist.
    bufferPages: true,
    lang: info.language,
    displayTitle: true,
    info: { Title: toWinAnsi(info.title), Creator: 'SMP preference centre' },
  })
}

export function drawTitle(doc: ReportDocument, title: string) {
  doc.font('Helvetica-Bold').fontSize(fontSize.title).text(toWinAnsi(title), { paragraphGap: 8 })
}

export function drawParagraph(doc: ReportDocument, text: string, options: { bold?: boolean } = {}) {
  doc
    .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
    .fontSize(fontSize.body)
    .text(toWinAnsi(text), doc.page.margins.left, doc.y, { width: textWidth(doc), paragraphGap: 4 })
}

/** A section heading, moved to a new page when not even one table row would fit under it. */
export function drawHeading(doc: ReportDocument, text: string) {
  const rows = 3 * minimumRowHeight(doc)
  doc.font('Helvetica-Bold').fontSize(fontSize.heading).fillColor('black')
  if (doc.y + doc.heightOfString(text) + rows > pageBottom(doc)) doc.addPage()

  doc.moveDown(0.6)
  doc.text(toWinAnsi(text), doc.page.margins.left, doc.y, { paragraphGap: 4 })
}

/**
 * Draws the rows under a header row. A row that does not fit on the page goes whole to
 * the next one, under the section title marked as continued and a repeated header row.
 */
export function drawTable(
  doc: ReportDocument,
  columns: TableColumn[],
  rows: string[][],
  continuedTitle: string,
) {
  const widths = columns.map((column) => column.share * textWidth(doc))
  const headerCells = columns.map((column) => column.header)
  drawRow(doc, columns, widths, headerCells, { header: true })

  for (const cells of rows) {
    const height = rowHeight(doc, widths, cells, false)
    if (doc.y + height > pageBottom(doc)) {
      startContinuationPage(doc, continuedTitle)
      drawRow(doc, columns, widths, headerCells, { header: true })
    }
    drawRow(doc, columns, widths, cells, { header: false })
  }

  doc.x = doc.page.margins.left
  doc.moveDown(0.5)
}

/** Writes "page n of m" under every page; call once, after the last page is complete. */
export function drawPageNumbers(
  doc: ReportDocument,
  label: (page: number, pages: number) => string,
) {
  const range = doc.bufferedPageRange()

  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index)
    const bottomMargin = doc.page.margins.bottom
    // Text below the bottom margin would otherwise make pdfkit open yet another page.
    doc.page.margins.bottom = 0
    doc
      .font('Helvetica')
      .fontSize(fontSize.cell)
      .fillColor('#555555')
      .text(label(index + 1, range.count), doc.page.margins.left, doc.page.height - 40, {
        width: textWidth(doc),
        align: 'right',
        lineBreak: false,
      })
    doc.page.margins.bottom = bottomMargin
  }
}

/**
 * The built-in PDF fonts know only Windows-1252 characters; other letters lose their
 * accents (ő → o, Ł → L) and what is left becomes "?", rather than printing wrong glyphs.
 */
export function toWinAnsi(text: string): string {
  let result = ''
  for (const character of text.normalize('NFC')) {
    result += isWinAnsi(character) ? character : nearestWinAnsi(character)
  }
  return result
}

/** Latin letters with a stroke or without a dot, which Unicode does not decompose. */
const unaccented: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŀ: 'L',
  ŀ: 'l',
  Ŧ: 'T',
  ŧ: 't',
  Ə: 'E',
  ə: 'e',
}

function nearestWinAnsi(character: string): string {
  const base = unaccented[character] ?? character.normalize('NFD').replace(/\p{Mn}/gu, '')
  return base && [...base].every(isWinAnsi) ? base : '?'
}

const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

function isWinAnsi(character: string): boolean {
  const code = character.codePointAt(0) ?? 0
  if (code === 0x09 || code === 0x0a) return true
  return (
    (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(character)
  )
}

function drawRow(
  doc: ReportDocument,
  columns: TableColumn[],
  widths: number[],
  cells: string[],
  options: { header: boolean },
) {
  const top = doc.y
  const height = rowHeight(doc, widths, cells, options.header)
  const left = doc.page.margins.left
  const width = textWidth(doc)

  if (options.header) doc.rect(left, top, width, height).fill(headerFill)
  doc.fillColor('black')

  let x = left
  columns.forEach((column, index) => {
    const cellWidth = widths[index] ?? 0
    doc.text(toWinAnsi(cells[index] ?? ''), x + cellPadding, top + cellPadding, {
      width: cellWidth - 2 * cellPadding,
      // A little slack, so rounding never drops the last line of a row that was measured.
      height: height - 2 * cellPadding + 1,
      align: column.align ?? 'left',
      ellipsis: true,
    })
    x += cellWidth
  })

  doc
    .moveTo(left, top + height)
    .lineTo(left + width, top + height)
    .lineWidth(0.5)
    .strokeColor(ruleColour)
    .stroke()
  doc.y = top + height
}

/**
 * The tallest cell decides. Only a cell taller than a whole page, which texts of the API's
 * bounded lengths never are, is cut short with "…" so that its row still fits on one page.
 */
function rowHeight(doc: ReportDocument, widths: number[], cells: string[], header: boolean) {
  cellFont(doc, header)
  const tallest = Math.max(
    ...cells.map((cell, index) =>
      doc.heightOfString(toWinAnsi(cell || ' '), { width: (widths[index] ?? 0) - 2 * cellPadding }),
    ),
  )
  const limit = pageBottom(doc) - doc.page.margins.top - roomForTitleAndHeader

  return Math.min(tallest, limit) + 2 * cellPadding
}

function startContinuationPage(doc: ReportDocument, title: string) {
  doc.addPage()
  doc
    .font('Helvetica-Bold')
    .fontSize(fontSize.body)
    .fillColor('black')
    .text(toWinAnsi(title), doc.page.margins.left, doc.y, { paragraphGap: 4 })
}

function cellFont(doc: ReportDocument, header: boolean) {
  doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(fontSize.cell)
}

function minimumRowHeight(doc: ReportDocument) {
  cellFont(doc, false)
  return doc.currentLineHeight(true) + 2 * cellPadding
}

function textWidth(doc: ReportDocument) {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right
}

function pageBottom(doc: ReportDocument) {
  return doc.page.height - doc.page.margins.bottom
}
