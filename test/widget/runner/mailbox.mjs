// @ts-check
/**
 * A real SMTP server on a free loopback port that keeps every mail it receives, parsed by
 * mailparser, so browser tests can read what the preference server sent.
 */
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/**
 * @typedef {object} Mail
 * @property {number} seq - Order of arrival, from 1.
 * @property {string[]} to - Envelope recipients, lower case.
 * @property {string} subject
 * @property {string} text
 * @property {string} html
 * @property {string[]} links - Every http(s) address in the text and the HTML, once each.
 */

/** How long a test waits for a mail before it fails. */
const mailTimeout = 10_000

export async function startMailbox() {
  /** @type {Mail[]} */
  const mails = []
  /** @type {Set<() => void>} */
  const waiting = new Set()

  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: offering STARTTLS would need a certificate for nothing.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase())
      simpleParser(stream).then(
        (parsed) => {
          const text = parsed.text ?? ''
          const html = typeof parsed.html === 'string' ? parsed.html : ''
          const subject = parsed.subject ?? ''
          mails.push({ seq: mails.length + 1, to, subject, text, html, links: links(text, html) })
          for (const wake of waiting) wake()
          callback()
        },
        (error) => callback(error),
      )
    },
  })

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(undefined))
  })
  const address = server.server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `smtp://127.0.0.1:${port}`,

    /** The number of mails so far; pass it as `after` to wait for the next one. */
    mark: () => mails.length,

    /**
     * The first mail to `to` that arrived after mail number `after`, waiting for it.
     *
     * @param {string} to
     * @param {number} after
     * @returns {Promise<Mail>}
     */
    async next(to, after) {
      const find = () =>
        mails.find((mail) => mail.seq > after && mail.to.includes(to.toLowerCase()))
      const deadline = Date.now() + mailTimeout
      for (let mail = find(); ; mail = find()) {
        if (mail) return mail
        if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${mailTimeout} ms`)
        await new Promise((resolve) => {
          const wake = () => {
            waiting.delete(wake)
            resolve(undefined)
          }
          waiting.add(wake)
          setTimeout(wake, 200)
        })
      }
    },

    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  }
}

/**
 * @param {string} text
 * @param {string} html
 * @returns {string[]}
 */
function links(text, html) {
  const inText = text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? []
  const inHtml = [...html.matchAll(/href="(https?:\/\/[^"]+)"/g)].map((match) =>
    (match[1] ?? '').replaceAll('&amp;', '&'),
  )
  return [...new Set([...inText, ...inHtml])]
}
