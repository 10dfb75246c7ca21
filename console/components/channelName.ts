/** A consent channel's or media channel's name in the interface language. */
import { t } from '../i18n.ts'
import { type MessageKey, messages } from '../messages.ts'

export function channelName(channel: string): string {
  const key = `channel_${channel}`
  return key in messages.nl ? t(key as MessageKey) : channel
}
