/**
 * Reads a password for the CLI: typed at a prompt that does not echo it, or piped in on
 * standard input (the first line) when a script creates operators.
 */
import { createInterface } from 'node:readline'

export async function readPassword(prompt = 'Password: '): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin()

  const first = await ask(prompt)
  const second = await ask('Again: ')
  if (first !== second) throw new Error('The two passwords differ.')
  return first
}

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    lines.close()
    return line
  }
  throw new Error('Give the password on standard input.')
}

function ask(prompt: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  // Typed characters are not written back, so the password never shows on the screen.
  const quiet = terminal as unknown as { _writeToOutput: (text: string) => void }
  quiet._writeToOutput = (text: string) => {
    if (text.includes(prompt)) process.stdout.write(prompt)
  }

  return new Promise((resolve) => {
    terminal.question(prompt, (answer) => {
      terminal.close()
      process.stdout.write('\n')
      resolve(answer)
    })
  })
}
