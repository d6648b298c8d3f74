/**
 * A local TypeDoc plugin with two fixes for the reference:
 *
 * - The landing page: TypeDoc titles it with the project name, and README.md opens with the same
 *   name as its `# heading` (which GitHub and npm need), so the page showed "response-kit"
 *   twice. The README's first H1 is dropped from the landing page only.
 * - Inherited members: TypeDoc links an inherited property to the parent it names
 *   (`BaseResponseInit.mediaType`) by symbol, and when two sibling interfaces inherit the same
 *   property the link can land on the sibling's copy, so `FileResponseInit.mediaType` read
 *   "Inherited from FastJSONResponseInit". Each such link is pointed back at the member the
 *   named parent declares itself.
 */
import { Converter, ReferenceType, ReflectionKind } from 'typedoc'

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const { project } = context
      const first = project.readme?.[0]
      if (first?.kind === 'text') first.text = first.text.replace(/^#\s[^\n]*\n+/, '')

      const parents = project.getReflectionsByKind(ReflectionKind.Interface | ReflectionKind.Class)
      for (const owner of parents) {
        for (const member of owner.children ?? []) {
          const from = member.inheritedFrom
          if (!from) continue
          const [parentName, memberName] = from.name.split('.')
          const target = from.reflection
          if (target?.parent?.name === parentName) continue
          const declared = parents
            .find((p) => p.name === parentName)
            ?.children?.find((c) => c.name === memberName && !c.flags.isInherited)
          if (declared)
            member.inheritedFrom = ReferenceType.createResolvedReference(
              from.name,
              declared,
              project
            )
        }
      }
    },
    // After TypeDoc's own inheritance pass.
    -100
  )
}
