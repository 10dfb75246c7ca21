/** Reads the text of a PDF per page with pdf.js, as a person copying it from a viewer would. */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

// The metrics of the 14 built-in PDF fonts, which pdf.js warns about when it cannot find them.
const standardFontDataUrl = join(
  dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')),
  'standard_fonts/',
)

export interface PdfTextItem {
  text: string
  /** The baseline, in points up from the bottom edge of the page. */
  y: number
}

export interface PdfText {
  /** One string per page; runs of white space (also no-break spaces) become one space. */
  pages: string[]
  /** The pieces of text per page with their place, for layout assertions. */
  items: PdfTextItem[][]
  /** All pages joined, for "appears somewhere" assertions. */
  text: string
}

export async function pdfText(pdf: Uint8Array): Promise<PdfText> {
  // pdf.js takes ownership of the buffer it gets, so it gets a copy.
  const document = await getDocument({
    data: new Uint8Array(pdf),
    standardFontDataUrl,
    isEvalSupported: false,
  }).promise
  const pages: string[] = []
  const items: PdfTextItem[][] = []

  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number)
    const content = await page.getTextContent()
    const pieces = content.items.flatMap((item) =>
      'str' in item ? [{ text: item.str, y: item.transform[5] as number }] : [],
    )
    pages.push(normaliseSpace(pieces.map((piece) => piece.text).join(' ')))
    items.push(pieces.filter((piece) => piece.text.trim()))
  }
  await document.destroy()

  return { pages, items, text: pages.join(' ') }
}

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
