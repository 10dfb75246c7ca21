/**
 * The product and floor servers of a run. On PostgreSQL both stay up, each in its own
 * process; PGlite can be opened by one process at a time, so there the one is stopped
 * before the other starts.
 */
import { type ChildHost, startChildHost } from './childHost.ts'
import type { HostDatabase } from './hostProtocol.ts'

const productEntry = new URL('../productHost.ts', import.meta.url)
const floorEntry = new URL('../floors/floorHost.ts', import.meta.url)

export interface Hosts {
  product(): Promise<ChildHost>
  floor(): Promise<ChildHost>
  /** The product server when it is running, for its memory after a workload. */
  runningProduct(): ChildHost | null
  stop(): Promise<void>
}

export function benchHosts(database: HostDatabase, secret: string): Hosts {
  const exclusive = 'dataDir' in database
  let product: ChildHost | null = null
  let floor: ChildHost | null = null

  const stopFloor = async () => {
    await floor?.stop()
    floor = null
  }
  const stopProduct = async () => {
    await product?.stop()
    product = null
  }

  return {
    async product() {
      if (exclusive) await stopFloor()
      product ??= await startChildHost(productEntry, database, { BENCH_SECRET: secret })
      return product
    },
    async floor() {
      if (exclusive) await stopProduct()
      floor ??= await startChildHost(floorEntry, database)
      return floor
    },
    runningProduct: () => product,
    async stop() {
      await stopFloor()
      await stopProduct()
    },
  }
}
