/** Creating and reading persons through the operator API, as several suites do. */
import type { TestServer } from './testServer.ts'

/** A person with an invented address made from the name: `name@example.org`, lower-cased. */
export async function createNamedPerson(server: TestServer, name: string) {
  const response = await server.api('/api/v1/persons', {
    method: 'POST',
    json: { firstName: name, email: `${name.toLowerCase()}@example.org` },
  })
  return (await response.json()) as { id: number; email: string }
}

/** The bounce-related state of a person as operators see it. */
export async function bounceStateOf(server: TestServer, id: number) {
  const response = await server.api(`/api/v1/persons/${id}`)
  return (await response.json()) as {
    bouncer: boolean
    mailable: boolean
    emailValidity: string
    consecutiveBounces: number
  }
}
