/** The server clock, injectable so tests can place records at chosen times. */
export type Clock = () => Date

export const systemClock: Clock = () => new Date()
