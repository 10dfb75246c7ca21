import {
  assert,
  assertEqual,
  browse,
  checkbox,
  freshAddress,
  labelText,
  ledger,
  linkTo,
  mailboxMark,
  mountSignUp,
  nextMail,
  part,
  text,
  typeEmail,
  unmountAll,
  waitFor,
} from './support/fixtures.ts'
import { afterEach, describe, it } from './support/mocha.ts'

describe('<smp-preferences site> double opt-in through a real SMTP server', () => {
  afterEach(unmountAll)

  it('records hard opt-ins with the labels shown once the mailed link is confirmed', async () => {
    const address = freshAddress('double-opt-in')
    const mark = await mailboxMark()
    const element = await mountSignUp({ lang: 'en' })
    const chosen = ['nieuwsbrief', 'jongeren']
    const shown = new Map(chosen.map((key) => [key, labelText(checkbox(element, key))]))

    typeEmail(element, address)
    for (const key of chosen) checkbox(element, key).click()
    part(element, 'signup')?.click()
    await waitFor(() => text(part(element, 'status')).startsWith('Almost done!'), 'inbox message')

    const mail = await nextMail(address, mark)
    const confirmLink = linkTo(mail, '/confirm/')
    const opened = await browse(confirmLink)
    assertEqual(opened.status, 200, 'status of the confirmation page')
    assert(opened.text.includes('Yes, I confirm my sign-up'), `page: ${opened.text}`)
    assertEqual((await ledger({ email: address })).length, 0, 'records before pressing the button')

    const confirmed = await browse(confirmLink, true)
    assertEqual(confirmed.submitted?.status, 200, 'status after confirming')
    assert(confirmed.submitted?.text.includes('Your sign-up is confirmed'), 'thanks')

    const byType = (a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type)
    const records = (await ledger({ email: address })).map(
      ({ type, optIn, description, channel, soft }) => ({
        type,
        optIn,
        description,
        channel,
        soft,
      }),
    )
    const expected = chosen.map((type) => {
      return { type, optIn: true, description: shown.get(type), channel: 'web_form', soft: false }
    })
    assertEqual(records.sort(byType), expected.sort(byType), 'records after confirming')
  })
})
