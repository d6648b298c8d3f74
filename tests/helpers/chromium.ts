/**
 * Debian's Chromium for the browser tests, started as the machine allows: headless, no sandbox
 * (the tests run as root), and without the background connections a closed network refuses.
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core'

/** The flags every browser test starts Chromium with. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Starts `/usr/bin/chromium` with {@link CHROMIUM_ARGS} (plus `options`); close it after. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  })
}
