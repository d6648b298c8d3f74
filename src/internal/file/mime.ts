/**
 * Media type from a file name, with the table and the tie-breaking of `mime-types` v3 but
 * without its `require('path')`, so the `./file` entry loads on workerd and edge-runtime.
 * The table is `mime-db` (the same JSON `mime-types` reads), indexed on the first lookup only.
 *
 * @internal
 * @module
 */
import db from 'mime-db'

let byExtension: Map<string, string> | null = null

// mime-types v3 `mimeScore.js`: which type wins when several claim the same extension.
const FACET: Record<string, number> = { 'prs.': 100, 'x-': 200, 'x.': 300, 'vnd.': 400 }
const SOURCE: Record<string, number> = { nginx: 10, apache: 20, iana: 40 }
const TYPE: Record<string, number> = { application: 1, font: 2, audio: 2, video: 3 }

/** The score mime-types v3 gives `type`: higher is more official. @internal */
function mimeScore(type: string, source: string | undefined): number {
  if (type === 'application/octet-stream') return 0
  const [top = '', sub = ''] = type.split('/')
  const facet = sub.replace(/(\.|x-).*/, '$1')
  return (
    (FACET[facet] ?? 900) +
    (SOURCE[source ?? ''] ?? 30) +
    (TYPE[top] ?? 0) +
    (1 - type.length / 100)
  )
}

function index(): Map<string, string> {
  const map = new Map<string, string>()
  for (const type of Object.keys(db)) {
    const entry = db[type]!
    for (const ext of entry.extensions ?? []) {
      const current = map.get(ext)
      const score = mimeScore(type, entry.source)
      // Ties go to the later type, as in mime-types' `_preferredType`.
      if (current === undefined || score >= mimeScore(current, db[current]!.source)) {
        map.set(ext, type)
      }
    }
  }
  return map
}

/**
 * The media type for `name`'s extension (`report.PDF` → `application/pdf`), or undefined.
 * Like mime-types' `lookup`, a bare extension (`'pdf'`) works too. @internal
 */
export function lookupMediaType(name: string): string | undefined {
  // mime-types computes path.extname('x.' + name) with POSIX paths; so do we.
  const full = 'x.' + name
  const base = full.slice(full.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : ''
  if (ext === '') return undefined
  byExtension ??= index()
  return byExtension.get(ext)
}
