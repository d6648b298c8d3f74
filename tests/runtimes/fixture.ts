/** The file FileResponse serves from a path in the matrix: FILE_SIZE pattern bytes. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FILE_SIZE } from './app/file'
import { patternBytes } from './app/router'
import { BUILD_DIR } from './bundle'

export const FIXTURE = join(BUILD_DIR, 'fixture.bin')

export function writeFixture(): void {
  mkdirSync(BUILD_DIR, { recursive: true })
  writeFileSync(FIXTURE, patternBytes(FILE_SIZE))
}
