/**
 * The floor servers' process, separate from the product's and from the load generator, so
 * that no two of them share an event loop. Started by the runner with fork().
 */
import type { AddressInfo } from 'node:net'
import { hostDatabaseOf, serveParent } from '../runner/hostProtocol.ts'
import { openFloorDatabase } from './floorDatabase.ts'
import { createFloorServer } from './floorServer.ts'

const db = await openFloorDatabase(hostDatabaseOf(process.env))
const server = createFloorServer(db)
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as AddressInfo

serveParent({
  query: (text) => db.query(text),
  stop: async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
    await db.close()
  },
})
process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` })
