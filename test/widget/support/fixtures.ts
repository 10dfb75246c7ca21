/** What the widget tests share: the running server, mounting the element, waiting, asserting. */
import { executeServerCommand } from '@web/test-runner-commands'
import type { SmpPreferences } from '../../../widget/smp-preferences.ts'
import '../../../widget/smp-preferences.ts'

/** The real server started by web-test-runner.config.mjs. */
export interface TestEnv {
  api: string
  token: string
  expiredToken: string
  /** The demo site's public key. */
  site: string
  /** The demo person's address, which the server knows. */
  demoEmail: string
  /** A loopback address where nothing listens. */
  closedApi: string
}

let env: Promise<TestEnv> | undefined

export function testEnv(): Promise<TestEnv> {
  env ??= fetch('/smp-test-env.json').then((response) => response.json() as Promise<TestEnv>)
  return env
}

/** The answer of GET /api/v1/preferences, to compare the widget with. */
export interface ServerType {
  key: string
  parentKey: string | null
  label: string
  description: string
  optIn: boolean
  selfService: boolean
  optOutNote: string | null
}

export async function serverTypes(lang: 'nl' | 'en', token?: string): Promise<ServerType[]> {
  const env = await testEnv()
  const response = await fetch(`${env.api}/api/v1/preferences?lang=${lang}`, {
    headers: { authorization: `Bearer ${token ?? env.token}` },
  })
  assertEqual(response.status, 200, 'status of GET /api/v1/preferences')
  return ((await response.json()) as { types: ServerType[] }).types
}

/** The types that get a checkbox: the ones the person may change here. */
export function selfService(types: ServerType[]): ServerType[] {
  return types.filter((type) => type.selfService)
}

/** The answer of GET /api/v1/sites/{key}: what a visitor can sign up for. */
export interface SiteOffer {
  name: string
  privacyStatementUrl: string
  types: { key: string; parentKey: string | null; label: string; description: string }[]
}

export async function siteOffer(lang: 'nl' | 'en'): Promise<SiteOffer> {
  const { api, site } = await testEnv()
  const response = await fetch(`${api}/api/v1/sites/${site}?lang=${lang}`)
  assertEqual(response.status, 200, `status of GET /api/v1/sites/${site}`)
  return (await response.json()) as SiteOffer
}

export interface LedgerRecord {
  id: number
  type: string
  channel: string
  optIn: boolean
  description: string
  soft: boolean
}

/** Whose ledger to read: the demo person by default. */
export type Whose = { personId: number } | { email: string }

/** A person's consent records, newest first, as the operator API shows them. */
export function ledger(whose?: Whose): Promise<LedgerRecord[]> {
  return executeServerCommand<LedgerRecord[], Whose | undefined>('smp-ledger', whose)
}

export interface TestPerson {
  personId: number
  email: string
  token: string
}

/** A new person with no consent yet, and a preference token for them. */
export function newPerson(): Promise<TestPerson> {
  return executeServerCommand<TestPerson, undefined>('smp-person')
}

/** A mail the SMTP server in the test runner received. */
export interface Mail {
  seq: number
  to: string[]
  subject: string
  text: string
  html: string
  links: string[]
}

/** Marks the mailbox: `nextMail(to, mark)` then waits for mails after this moment. */
export async function mailboxMark(): Promise<number> {
  return (await executeServerCommand<number, undefined>('smp-mail-mark')) ?? 0
}

export function nextMail(to: string, after: number): Promise<Mail> {
  return executeServerCommand<Mail, { to: string; after: number }>('smp-mail', { to, after })
}

export interface BrowsedPage {
  status: number
  text: string
  submitted?: { status: number; text: string }
}

/** Opens a link from a mail in a new tab; with `submit` presses its form's button. */
export function browse(url: string, submit = false): Promise<BrowsedPage> {
  return executeServerCommand<BrowsedPage, { url: string; submit: boolean }>('smp-browse', {
    url,
    submit,
  })
}

/** The link in a mail whose path starts with `prefix`, e.g. `/confirm/`. */
export function linkTo(mail: Mail, prefix: string): string {
  const link = mail.links.find((address) => new URL(address).pathname.startsWith(prefix))
  if (!link) throw new Error(`No ${prefix} link in mail "${mail.subject}": ${mail.links}`)
  return link
}

const mounted: HTMLElement[] = []

/** Adds an `<smp-preferences>` with these attributes to the page. */
export function mount(attributes: Record<string, string>): SmpPreferences {
  const element = document.createElement('smp-preferences')
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
  document.body.append(element)
  mounted.push(element)
  return element
}

/** Removes what `mount` added; call after each test. */
export function unmountAll() {
  for (const element of mounted.splice(0)) element.remove()
}

/** Mounts the element for the demo person and waits until its checkboxes are shown. */
export async function mountLoaded(attributes: Record<string, string> = {}) {
  const { api, token } = await testEnv()
  const element = mount({ api, token, ...attributes })
  await waitFor(() => checkboxes(element).length > 0, 'checkboxes to appear')
  return element
}

/** Mounts the sign-up form of the demo site and waits until its checkboxes are shown. */
export async function mountSignUp(attributes: Record<string, string> = {}) {
  const { api, site } = await testEnv()
  const element = mount({ api, site, ...attributes })
  await waitFor(() => checkboxes(element).length > 0, 'sign-up checkboxes to appear')
  return element
}

/** Types an address into the sign-up form as a person would. */
export function typeEmail(element: HTMLElement, value: string) {
  const input = part(element, 'email') as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }))
}

/** A unique address at the reserved example.org domain. */
export function freshAddress(what: string): string {
  return `${what}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`
}

export function part(element: HTMLElement, name: string): HTMLElement | null {
  return element.shadowRoot?.querySelector<HTMLElement>(`[part~="${name}"]`) ?? null
}

export function parts(element: HTMLElement, name: string): HTMLElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLElement>(`[part~="${name}"]`) ?? [])]
}

export function checkboxes(element: HTMLElement): HTMLInputElement[] {
  return parts(element, 'checkbox') as HTMLInputElement[]
}

export function checkbox(element: HTMLElement, key: string): HTMLInputElement {
  const found = checkboxes(element).find((input) => input.name === key)
  if (!found) throw new Error(`No checkbox for type ${key}`)
  return found
}

/** The text of the label the person sees next to a type's checkbox. */
export function labelText(input: HTMLInputElement): string {
  return input.closest('label')?.textContent?.trim() ?? ''
}

export function text(node: Element | null): string {
  return node?.textContent?.replace(/\s+/g, ' ').trim() ?? ''
}

export async function waitFor(condition: () => boolean, what: string, timeout = 5_000) {
  const deadline = performance.now() + timeout
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Resolves with the next event of this name that reaches the document. */
export function nextEvent<T>(name: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) => {
    document.addEventListener(name, (event) => resolve(event as CustomEvent<T>), { once: true })
  })
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

/** Compares plain data by its JSON, so arrays and objects compare by content. */
export function assertEqual<T>(actual: T, expected: T, what: string) {
  // JSON would turn every element into {} and let any two elements pass.
  if (actual instanceof Node || expected instanceof Node) throw new Error('Use assertSame')
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)]
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`)
}

/**
 * Lets the widget's requests whose URL contains `path` reach the real server, then changes
 * the JSON answer with `change`, until the returned function is called. For answers the demo
 * server cannot give, such as a site without a privacy statement.
 */
export function changeAnswer(
  path: string,
  change: (body: Record<string, unknown>) => unknown,
): () => void {
  const original = window.fetch
  window.fetch = async (input, init) => {
    const response = await original(input, init)
    if (!String(input).includes(path)) return response
    const body = change(await response.json())
    return new Response(JSON.stringify(body), {
      status: response.status,
      headers: response.headers,
    })
  }
  return () => {
    window.fetch = original
  }
}

/** Collects what is logged with console.error until `restore` is called. */
export function captureConsoleErrors(): { messages: string[]; restore: () => void } {
  const original = console.error
  const messages: string[] = []
  console.error = (...args: unknown[]) => messages.push(args.map(String).join(' '))
  return { messages, restore: () => (console.error = original) }
}

/** Sends the widget's requests for `from` to `to` until the returned function is called. */
export function redirectFetch(from: string, to: string): () => void {
  const original = window.fetch
  window.fetch = (input, init) =>
    original(typeof input === 'string' ? input.replace(from, to) : input, init)
  return () => {
    window.fetch = original
  }
}

/** Ledger records added after `before` was read. */
export async function recordsSince(before: LedgerRecord[]): Promise<LedgerRecord[]> {
  const newest = Math.max(0, ...before.map((record) => record.id))
  return (await ledger()).filter((record) => record.id > newest)
}

/** Waits until the element has no request in flight. */
export async function settled(element: HTMLElement) {
  await waitFor(() => part(element, 'form')?.getAttribute('aria-busy') === 'false', 'no request')
}

/** Checks that two values are the same object, e.g. the focused element. */
export function assertSame(actual: unknown, expected: unknown, what: string) {
  if (!Object.is(actual, expected)) throw new Error(`${what}: got ${show(actual)}`)
}

function show(value: unknown): string {
  if (!(value instanceof Element)) return String(value)
  return `<${value.localName} part="${value.getAttribute('part') ?? ''}">`
}
