/**
 * Declares one runtime's suite: starts its server once, runs every case over HTTP with undici,
 * and stops the server. Names follow the conventions: runtime → export → behaviour.
 */
import { Agent } from 'undici'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { Case, Quirks } from './cases/case'
import type { RunningServer } from './harness'

export function describeRuntime(
  label: string,
  start: () => Promise<RunningServer>,
  cases: Case[],
  quirks: Quirks = {}
): void {
  describe(label, () => {
    let server: RunningServer | undefined
    const dispatcher = new Agent({ connections: 4, bodyTimeout: 20_000, headersTimeout: 20_000 })

    beforeAll(async () => {
      server = await start()
    }, 60_000)

    afterAll(async () => {
      await dispatcher.close()
      await server?.close()
    })

    const subjects = [...new Set(cases.map((c) => c.subject))]
    for (const subject of subjects) {
      describe(subject, () => {
        for (const c of cases.filter((x) => x.subject === subject)) {
          it(c.name, async () => {
            if (!server) throw new Error(`${label} server did not start`)
            try {
              await c.run(server.url, dispatcher, quirks)
            } catch (error) {
              // Attach the runtime's own output: it usually names the real cause.
              const tail = server.output().slice(-2000)
              if (error instanceof Error && tail)
                error.message += `\n--- ${label} output ---\n${tail}`
              throw error
            }
          })
        }
      })
    }
  })
}
