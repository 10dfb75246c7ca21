/** Assertions on RFC 9457 problem responses. */
import { expect } from 'vitest'

export interface Problem {
  type: string
  title: string
  status: number
  detail?: string
  errors?: { path: string; message: string }[]
}

export async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/problem+json')

  const problem = (await response.json()) as Problem
  expect(problem).toMatchObject({ status, type: expect.any(String), title: expect.any(String) })
  return problem
}

/** A 400 that names the given field among its invalid fields. */
export async function expectInvalidField(response: Response, path: string): Promise<Problem> {
  const problem = await expectProblem(response, 400)
  expect(problem.errors?.map((error) => error.path)).toContain(path)
  return problem
}
