/**
 * The real server as a separate process (`node --import tsx server/main.ts`), for tests that
 * run two of them on one database or kill one mid-work.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { freeLoopbackPort } from './freePort.ts'

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Stops it the hard way (SIGKILL) or the polite way (SIGTERM), and waits until it is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freeLoopbackPort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The server did not start in time.')), 60_000)
    child.once('exit', (code) => reject(new Error(`The server exited with ${code} at start.`)))
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"msg":"listening"')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })

  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}
