/**
 * Reads `Name: value` fields the way mail headers and RFC 3464 delivery-status parts write
 * them: folded lines unfolded, blocks separated by blank lines, names in lower case.
 */

/** One block of fields; the first occurrence of a name wins. */
export type FieldBlock = Map<string, string>

export function readFieldBlocks(text: string): FieldBlock[] {
  const blocks: FieldBlock[] = []
  let block: FieldBlock = new Map()
  let continuing: string | null = null

  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (block.size > 0) blocks.push(block)
      block = new Map()
      continuing = null
      continue
    }

    if (/^[ \t]/.test(line)) {
      if (continuing !== null) block.set(continuing, `${block.get(continuing)} ${line.trim()}`)
      continue
    }

    const colon = line.indexOf(':')
    const name = line.slice(0, Math.max(colon, 0)).trim().toLowerCase()
    continuing = null
    if (name === '' || block.has(name)) continue
    block.set(name, line.slice(colon + 1).trim())
    continuing = name
  }

  if (block.size > 0) blocks.push(block)
  return blocks
}

/** The header section of a message or of `text/rfc822-headers`: all before the first blank line. */
export function readHeaderSection(text: string): FieldBlock {
  const end = /\r?\n[ \t]*\r?\n/.exec(text)
  return readFieldBlocks(end ? text.slice(0, end.index) : text)[0] ?? new Map()
}
