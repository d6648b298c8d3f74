/** Installs (or verifies) every runtime before the matrix runs; throws loudly when one fails. */
// @ts-expect-error: a plain .mjs script without declarations
import { installRuntimes } from '../../scripts/install-runtimes.mjs'

export default function setup(): void {
  installRuntimes({ log: () => {} })
}
