/** A provider's reason for an event as one line: status, SMTP reply and description, as given. */
export function diagnosticText(...parts: unknown[]): string | null {
  const text = parts
    .filter((part) => (typeof part === 'string' && part.trim() !== '') || typeof part === 'number')
    .map((part) => String(part).replace(/\s+/g, ' ').trim())
    .join(' ')

  return text === '' ? null : text
}
