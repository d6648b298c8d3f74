/**
 * The file FileResponse serves from a path in the matrix: FILE_SIZE pattern bytes, and its
 * precompressed gzip sibling.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { FILE_SIZE } from './app/file'
import { patternBytes } from './app/router'
import { BUILD_DIR } from './bundle'

export const FIXTURE = join(BUILD_DIR, 'fixture.bin')

export function writeFixture(): void {
  mkdirSync(BUILD_DIR, { recursive: true })
  writeFileSync(FIXTURE, patternBytes(FILE_SIZE))
  writeFileSync(`${FIXTURE}.gz`, gzipSync(patternBytes(FILE_SIZE)))
}
