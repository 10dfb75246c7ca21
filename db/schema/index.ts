/** The whole database schema, as one module for Drizzle and drizzle-kit. */
export * from './consentRecords.ts'
export * from './mailings.ts'
export * from './operators.ts'
export * from './optInTypes.ts'
export * from './outbox.ts'
export * from './persons.ts'
export * from './signUpRequests.ts'
export * from './sites.ts'
