/**
 * What the signed-in operator may do, as the session tells it. The console hides what is not
 * allowed; the API refuses it anyway.
 */
import { api, type Session } from './api.ts'

/** Fired on window with the session read again, after a change that may have changed rights. */
export const rightsChangedEvent = 'smp-rights-changed'

/**
 * Reads the operator's rights again. They follow from the types and the user groups, so a new
 * type, new grants or new members change them, even for an admin: a type they just added is
 * in no session yet.
 */
export async function readRightsAgain(): Promise<void> {
  const session = await api.session()
  window.dispatchEvent(new CustomEvent<Session>(rightsChangedEvent, { detail: session }))
}

export class Permissions {
  constructor(private readonly session: Session) {}

  get role() {
    return this.session.operator.role
  }

  /** Viewers change nothing; editors and admins record consent and handle persons. */
  get canChangePersons(): boolean {
    return this.role !== 'viewer'
  }

  /** Saved queries are created, changed and deleted by editors and admins. */
  get canChangeQueries(): boolean {
    return this.role !== 'viewer'
  }

  get canAddTypes(): boolean {
    return this.session.permissions.canAddTypes
  }

  canViewType(key: string): boolean {
    return this.session.permissions.types[key]?.view ?? true
  }

  /** Record consent for this type; a type without rules follows the role. */
  canRecordType(key: string): boolean {
    return this.canChangePersons && (this.session.permissions.types[key]?.change ?? true)
  }

  /** Change the type's definition, as the session says (admins may everywhere). */
  canEditType(key: string): boolean {
    return this.session.permissions.types[key]?.edit === true
  }
}
