/** Parses RFC 4180 CSV strictly, so a test notices any field the writer quoted wrongly. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let index = 0

  while (index < text.length) {
    if (text[index] === '"' && field === '') {
      const end = closingQuote(text, index)
      field = text.slice(index + 1, end).replaceAll('""', '"')
      index = end + 1
      if (index < text.length && !/[,\r]/.test(text[index]!)) {
        throw new Error(`Text after a closing quote at offset ${index}.`)
      }
      continue
    }

    const character = text[index]!
    if (character === ',') {
      row.push(field)
      field = ''
    } else if (text.startsWith('\r\n', index)) {
      rows.push([...row, field])
      row = []
      field = ''
      index++
    } else if ('"\r\n'.includes(character)) {
      throw new Error(`Unquoted ${JSON.stringify(character)} at offset ${index}.`)
    } else {
      field += character
    }
    index++
  }

  if (field !== '' || row.length) rows.push([...row, field])
  return rows
}

/** The quote that ends the field opened at `start`; doubled quotes inside are skipped. */
function closingQuote(text: string, start: number): number {
  let index = start + 1
  while (index < text.length) {
    if (text[index] === '"' && text[index + 1] === '"') index += 2
    else if (text[index] === '"') return index
    else index++
  }
  throw new Error('The CSV ends inside a quoted field.')
}
