/**
 * Email addresses in one form everywhere (issue 9): trimmed, Unicode NFC, the domain lower-
 * cased and IDN-encoded. The local part keeps its case, as RFC 5321 allows it to matter;
 * comparisons use lower() on both sides.
 */
import { domainToASCII } from 'node:url'
import * as v from 'valibot'

export function normaliseEmail(address: string): string {
  const trimmed = address.trim().normalize('NFC')
  const at = trimmed.lastIndexOf('@')
  if (at < 1) return trimmed

  const domain = trimmed.slice(at + 1).toLowerCase()
  return `${trimmed.slice(0, at)}@${domainToASCII(domain) || domain}`
}

/** Validates and normalises an address given to the API. */
export const emailAddressSchema = v.pipe(
  v.string(),
  v.maxLength(254, 'Use at most 254 characters.'),
  v.transform(normaliseEmail),
  v.rfcEmail('Use a valid email address.'),
)
