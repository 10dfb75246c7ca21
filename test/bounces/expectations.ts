/** Assertions every provider adapter suite shares. */
import { expect } from 'vitest'
import type { DeliveryEvent } from '../../server/bounces/deliveryEvent.ts'
import {
  WebhookAuthenticationError,
  type WebhookOutcome,
  WebhookPayloadError,
} from '../../server/bounces/providers/provider.ts'

/** The events of an outcome that must be events, not a subscription to confirm. */
export async function eventsOf(outcome: Promise<WebhookOutcome>): Promise<DeliveryEvent[]> {
  const result = await outcome
  if (result.type !== 'events') expect.fail(`expected events, got ${result.type}`)
  return result.events
}

export async function expectUnauthenticated(outcome: Promise<unknown>, message: RegExp) {
  await expectRefusal(outcome, WebhookAuthenticationError, message)
}

export async function expectMalformed(outcome: Promise<unknown>, message: RegExp) {
  await expectRefusal(outcome, WebhookPayloadError, message)
}

async function expectRefusal(
  outcome: Promise<unknown>,
  type: typeof WebhookAuthenticationError | typeof WebhookPayloadError,
  message: RegExp,
) {
  const error = await outcome.then(
    () => expect.fail(`the webhook was accepted; expected a ${type.name}`),
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(type)
  expect((error as Error).message).toMatch(message)
}
