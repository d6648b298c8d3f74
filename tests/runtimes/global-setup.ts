/**
 * Before any runtime suite: installs (or verifies) every runtime, writes the fixture file that
 * FileResponse serves from a path, and writes the standalone FastJSON serializer with the BUILT
 * `response-kit/fast-json` (as a user's build step would). Throws loudly when any step fails.
 */
import { pathToFileURL } from 'node:url'
// @ts-expect-error: a plain .mjs script without declarations
import { installRuntimes } from '../../scripts/install-runtimes.mjs'
import { ITEM_SCHEMA } from './app/fast-json'
import { distFile, SERIALIZER } from './bundle'
import { writeFixture } from './fixture'

export default async function setup(): Promise<void> {
  installRuntimes({ log: () => {} })
  writeFixture()
  const fastJson = (await import(
    pathToFileURL(distFile('response-kit/fast-json', ['node'])).href
  )) as typeof import('response-kit/fast-json')
  await fastJson.writeStandalone(ITEM_SCHEMA, SERIALIZER)
}
