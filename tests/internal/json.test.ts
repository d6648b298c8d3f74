import { describe, expect, it } from 'vitest'
import { renderJSON } from '../../src/internal/core/json'

describe('renderJSON', () => {
  it('renders what JSON.stringify cannot (undefined, a function, a symbol) as null', () => {
    expect([undefined, () => 1, Symbol('s')].map((value) => renderJSON(value))).toEqual([
      'null',
      'null',
      'null',
    ])
  })

  it("treats NaN as null by default and as an error in 'error' mode", () => {
    expect(renderJSON([NaN])).toBe('[null]')
    expect(() => renderJSON({ a: { b: NaN } }, 'error')).toThrow(
      'at $.a.b: JSON cannot represent NaN'
    )
  })

  it('names array indexes and object keys in the path', () => {
    expect(() => renderJSON({ list: [{ id: 1 }, { id: 2n }] })).toThrow(/at \$\.list\[1\]\.id:/)
  })

  it('explains a cycle even through toJSON-less class instances', () => {
    class Node {
      next: Node | null = null
    }
    const node = new Node()
    node.next = node
    expect(() => renderJSON(node)).toThrow(/^Cannot serialise to JSON at \$\.next: /)
  })
})
