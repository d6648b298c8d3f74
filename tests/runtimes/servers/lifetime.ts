/**
 * Shared by the runtime entries: the line a server prints once it listens (the harness waits for
 * it), and how long a server may live before it stops itself even if nobody stops it.
 */
export const LISTENING = 'RK-LISTENING'
export const LIFETIME_MS = 150_000

export function announce(port: number): string {
  return `${LISTENING} http://127.0.0.1:${port}`
}
