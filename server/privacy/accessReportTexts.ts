/** The words of the access report, in Dutch and English (SPEC §10 gives the Dutch terms). */
import type {
  ConsentChannel,
  DocumentKind,
  EmailValidity,
  Language,
  MediaChannel,
  OptInKind,
  PaymentMethod,
  OutboxStatus,
  TrackingKind,
} from '../../db/schema/index.ts'
import type { BounceEventEntry, PersonalFields } from './personalData.ts'

export interface ReportTexts {
  locale: string
  title: string
  intro: (organisation: string | null) => string
  organisation: string
  generatedAt: string
  person: string
  none: string
  empty: string
  yes: string
  no: string
  page: (page: number, pages: number) => string
  sections: {
    person: string
    retention: string
    effectiveConsent: string
    consentRecords: string
    contactMoments: string
    trackingEvents: string
    bounceEvents: string
    donations: string
    payments: string
    documents: string
    outboxMails: string
    signUpRequests: string
    auditEntries: string
  }
  continued: string
  columns: {
    field: string
    value: string
    date: string
    type: string
    medium: string
    kind: string
    state: string
    since: string
    optInOut: string
    channel: string
    soft: string
    labelText: string
    about: string
    mailing: string
    subject: string
    event: string
    link: string
    device: string
    address: string
    message: string
    amount: string
    method: string
    iban: string
    campaign: string
    donation: string
    title: string
    fileName: string
    size: string
    purpose: string
    status: string
    site: string
    choices: string
    confirmed: string
    action: string
    details: string
  }
  /** In the order the report lists them; every field of the person has a label. */
  fields: Record<keyof PersonalFields, string>
  retention: {
    relationshipEndedOn: string
    retentionDays: string
    anonymiseAfter: string
    ongoing: string
    days: (days: number) => string
    anonymisedAt: string
  }
  state: { optedIn: string; optedOut: string; noRecord: string }
  optIn: string
  optOut: string
  kinds: Record<OptInKind, string>
  media: Record<MediaChannel, string>
  channels: Record<ConsentChannel, string>
  validities: Record<EmailValidity, string>
  methods: Record<PaymentMethod, string>
  documentKinds: Record<DocumentKind, string>
  languages: Record<Language, string>
  trackingKinds: Record<TrackingKind, string>
  machine: string
  bounceKinds: Record<BounceEventEntry['kind'], string>
  outboxStatuses: Record<OutboxStatus, string>
}

const nl: ReportTexts = {
  locale: 'nl-NL',
  title: 'Overzicht van uw persoonsgegevens',
  intro: (organisation) =>
    `Dit overzicht bevat alle persoonsgegevens die ${organisation ?? 'wij'} over u ` +
    `${organisation ? 'bewaart' : 'bewaren'}, met de toestemmingen die u gaf of introk en ` +
    'hoe lang de gegevens bewaard blijven.',
  organisation: 'Organisatie',
  generatedAt: 'Gemaakt op',
  person: 'Persoon',
  none: 'geen',
  empty: '—',
  yes: 'ja',
  no: 'nee',
  page: (page, pages) => `Pagina ${page} van ${pages}`,
  sections: {
    person: 'Persoonsgegevens',
    retention: 'Bewaartermijn',
    effectiveConsent: 'Huidige toestemmingen',
    consentRecords: 'Geschiedenis van opt-ins en opt-outs',
    contactMoments: 'Contactmomenten',
    trackingEvents: 'Geopende mailings en aangeklikte links',
    bounceEvents: 'Bounces en afleverberichten',
    donations: 'Donaties',
    payments: 'Betalingen',
    documents: 'Documenten',
    outboxMails: 'Aan u verstuurde e-mails',
    signUpRequests: 'Aanmeldingen',
    auditEntries: 'Wijzigingen door medewerkers (audittrail)',
  },
  continued: '(vervolg)',
  columns: {
    field: 'Gegeven',
    value: 'Waarde',
    date: 'Datum',
    type: 'Opt-in type',
    medium: 'Medium',
    kind: 'Soort',
    state: 'Status',
    since: 'Sinds',
    optInOut: 'In/uit',
    channel: 'Kanaal',
    soft: 'Zacht',
    labelText: 'Omschrijving',
    about: 'Toelichting',
    mailing: 'Mailing',
    subject: 'Onderwerp',
    event: 'Gebeurtenis',
    link: 'Link',
    device: 'IP-adres en browser',
    address: 'Adres',
    message: 'Melding',
    amount: 'Bedrag',
    method: 'Betaalwijze',
    iban: 'IBAN',
    campaign: 'Campagne',
    donation: 'Donatie',
    title: 'Titel',
    fileName: 'Bestand',
    size: 'Grootte',
    purpose: 'Doel',
    status: 'Status',
    site: 'Website',
    choices: 'Keuzes',
    confirmed: 'Bevestigd',
    action: 'Actie',
    details: 'Gewijzigd',
  },
  fields: {
    id: 'Nummer',
    firstName: 'Voornaam',
    infix: 'Tussenvoegsel',
    lastName: 'Achternaam',
    street: 'Straat',
    houseNumber: 'Huisnummer',
    postalCode: 'Postcode',
    city: 'Plaats',
    country: 'Land',
    email: 'E-mailadres',
    emailValidity: 'Valide e-mailadres',
    phone: 'Telefoon',
    mobilePhone: 'Mobiel',
    iban: 'IBAN',
    bsn: 'BSN',
    birthDate: 'Geboortedatum',
    language: 'Taal',
    deceased: 'Overleden',
    bouncer: 'Bouncer',
    consecutiveBounces: 'Bounces op rij',
    bouncesCountedFrom: 'Bounces geteld vanaf',
    mailable: 'Mailbaar',
    anonymised: 'Geanonimiseerd',
    anonymisedAt: 'Datum geanonimiseerd',
    createdAt: 'Aangemaakt',
    relationshipEndedOn: 'Einde relatie',
  },
  retention: {
    relationshipEndedOn: 'Einde van de relatie',
    retentionDays: 'Bewaartermijn na einde relatie',
    anonymiseAfter: 'Geanonimiseerd na',
    ongoing: 'nog niet bekend: de relatie loopt nog',
    days: (days) => `${days} dagen`,
    anonymisedAt: 'Geanonimiseerd op',
  },
  state: { optedIn: 'ingeschreven', optedOut: 'uitgeschreven', noRecord: 'geen toestemming' },
  optIn: 'opt-in',
  optOut: 'opt-out',
  kinds: { hard: 'hard', soft: 'zacht' },
  media: { email: 'e-mail', post: 'post', phone: 'telefoon', sms: 'sms' },
  channels: {
    preference_centre: 'Voorkeurencentrum',
    web_form: 'Webformulier',
    own_website: 'Eigen website',
    mailing_link: 'Link in mailing',
    one_click_unsubscribe: 'Afmelden met één klik',
    manual: 'Handmatig',
    telephone: 'Telefonisch',
    letter: 'Per brief',
    automatic: 'Automatisch',
    bounce: 'Bounce',
    complaint: 'Klacht',
  },
  validities: { valid: '1. Valide', invalid: 'Ongeldig', unknown: 'Onbekend' },
  methods: {
    direct_debit: 'Automatische incasso',
    bank_transfer: 'Overboeking',
    ideal: 'iDEAL',
    card: 'Betaalkaart',
    cash: 'Contant',
  },
  documentKinds: { donation_deed: 'Schenkingsakte', agreement: 'Overeenkomst', other: 'Overig' },
  languages: { nl: 'Nederlands', en: 'Engels' },
  trackingKinds: { open: 'geopend', click: 'aangeklikt' },
  machine: 'door een scanner of voorvertoning',
  bounceKinds: { bounce: 'bounce', delivery: 'afgeleverd', complaint: 'klacht', ignored: 'overig' },
  outboxStatuses: {
    stored: 'bewaard',
    sending: 'wordt verstuurd',
    sent: 'verstuurd',
    failed: 'mislukt',
  },
}

const en: ReportTexts = {
  locale: 'en-GB',
  title: 'Your personal data',
  intro: (organisation) =>
    `This report holds all personal data kept about you by ${organisation ?? 'us'}, with the ` +
    'consent you gave or withdrew and how long the data is kept.',
  organisation: 'Organisation',
  generatedAt: 'Generated on',
  person: 'Person',
  none: 'none',
  empty: '—',
  yes: 'yes',
  no: 'no',
  page: (page, pages) => `Page ${page} of ${pages}`,
  sections: {
    person: 'Personal details',
    retention: 'Retention',
    effectiveConsent: 'Current consent',
    consentRecords: 'History of opt-ins and opt-outs',
    contactMoments: 'Contact moments',
    trackingEvents: 'Opened mailings and clicked links',
    bounceEvents: 'Bounces and delivery reports',
    donations: 'Donations',
    payments: 'Payments',
    documents: 'Documents',
    outboxMails: 'Emails sent to you',
    signUpRequests: 'Sign-ups',
    auditEntries: 'Changes by staff (audit trail)',
  },
  continued: '(continued)',
  columns: {
    field: 'Field',
    value: 'Value',
    date: 'Date',
    type: 'Opt-in type',
    medium: 'Medium',
    kind: 'Kind',
    state: 'State',
    since: 'Since',
    optInOut: 'In/out',
    channel: 'Channel',
    soft: 'Soft',
    labelText: 'Label text',
    about: 'About',
    mailing: 'Mailing',
    subject: 'Subject',
    event: 'Event',
    link: 'Link',
    device: 'IP address and browser',
    address: 'Address',
    message: 'Message',
    amount: 'Amount',
    method: 'Method',
    iban: 'IBAN',
    campaign: 'Campaign',
    donation: 'Donation',
    title: 'Title',
    fileName: 'File',
    size: 'Size',
    purpose: 'Purpose',
    status: 'Status',
    site: 'Website',
    choices: 'Choices',
    confirmed: 'Confirmed',
    action: 'Action',
    details: 'Changed',
  },
  fields: {
    id: 'Number',
    firstName: 'First name',
    infix: 'Infix',
    lastName: 'Last name',
    street: 'Street',
    houseNumber: 'House number',
    postalCode: 'Postal code',
    city: 'City',
    country: 'Country',
    email: 'Email address',
    emailValidity: 'Email validity',
    phone: 'Phone',
    mobilePhone: 'Mobile phone',
    iban: 'IBAN',
    bsn: 'BSN (citizen service number)',
    birthDate: 'Date of birth',
    language: 'Language',
    deceased: 'Deceased',
    bouncer: 'Bouncer',
    consecutiveBounces: 'Bounces in a row',
    bouncesCountedFrom: 'Bounces counted from',
    mailable: 'Mailable',
    anonymised: 'Anonymised',
    anonymisedAt: 'Anonymised at',
    createdAt: 'Created',
    relationshipEndedOn: 'Relationship ended',
  },
  retention: {
    relationshipEndedOn: 'End of the relationship',
    retentionDays: 'Retention after the relationship ended',
    anonymiseAfter: 'Anonymised after',
    ongoing: 'not known yet: the relationship is ongoing',
    days: (days) => `${days} days`,
    anonymisedAt: 'Anonymised on',
  },
  state: { optedIn: 'subscribed', optedOut: 'unsubscribed', noRecord: 'no consent' },
  optIn: 'opt-in',
  optOut: 'opt-out',
  kinds: { hard: 'hard', soft: 'soft' },
  media: { email: 'email', post: 'post', phone: 'phone', sms: 'SMS' },
  channels: {
    preference_centre: 'Preference centre',
    web_form: 'Web form',
    own_website: 'Own website',
    mailing_link: 'Mailing link',
    one_click_unsubscribe: 'One-click unsubscribe',
    manual: 'Manual entry',
    telephone: 'By telephone',
    letter: 'By letter',
    automatic: 'Automatic',
    bounce: 'Bounce',
    complaint: 'Complaint',
  },
  validities: { valid: '1. Valid', invalid: 'Invalid', unknown: 'Unknown' },
  methods: {
    direct_debit: 'Direct debit',
    bank_transfer: 'Bank transfer',
    ideal: 'iDEAL',
    card: 'Card',
    cash: 'Cash',
  },
  documentKinds: { donation_deed: 'Donation deed', agreement: 'Agreement', other: 'Other' },
  languages: { nl: 'Dutch', en: 'English' },
  trackingKinds: { open: 'opened', click: 'clicked' },
  machine: 'by a scanner or preview',
  bounceKinds: {
    bounce: 'bounce',
    delivery: 'delivered',
    complaint: 'complaint',
    ignored: 'other',
  },
  outboxStatuses: { stored: 'stored', sending: 'sending', sent: 'sent', failed: 'failed' },
}

export const reportTexts: Record<Language, ReportTexts> = { nl, en }
