import type { Component } from 'vue'
import {
  CallOutline, ChatbubblesOutline, ChatboxEllipsesOutline, LogoFacebook, LogoInstagram, LogoWhatsapp, MailOutline,
  PaperPlaneOutline,
} from '@vicons/ionicons5'
import type { Channel } from '@/api/org'

/** The icon of each campaign channel. */
export const channelIcons: Record<Channel, Component> = {
  voice: CallOutline,
  whatsapp: LogoWhatsapp,
  email: MailOutline,
  webchat: ChatbubblesOutline,
  sms: ChatboxEllipsesOutline,
  facebook: LogoFacebook,
  instagram: LogoInstagram,
  telegram: PaperPlaneOutline,
}

/**
 * Brand names are the same in every language; the others are translated (org.channel.<c>).
 */
const BRANDS: Partial<Record<Channel, string>> = {
  whatsapp: 'WhatsApp', sms: 'SMS', facebook: 'Facebook', instagram: 'Instagram', telegram: 'Telegram',
}

/** The label of a channel in the current language. */
export function channelLabel(t: (key: string) => string, c: Channel): string {
  return BRANDS[c] ?? t('org.channel.' + c)
}
