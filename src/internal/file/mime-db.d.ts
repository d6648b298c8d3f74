/** Types for the `mime-db` JSON table (the package ships none). @internal */
declare module 'mime-db' {
  interface MimeEntry {
    readonly source?: string
    readonly charset?: string
    readonly compressible?: boolean
    readonly extensions?: readonly string[]
  }
  const db: Readonly<Record<string, MimeEntry>>
  export default db
}
