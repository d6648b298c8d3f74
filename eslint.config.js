import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Files that may use Node built-ins or code generation: everything outside the edge-safe root graph. */
const nodeOnly = [
  'src/fast-json.ts',
  'src/internal/fast-json/compile.ts',
  'src/internal/fast-json/standalone.ts',
  'src/file.ts',
  'src/internal/file/node-path.ts',
  'src/adapters/node.ts',
  'src/adapters/express.ts',
  'src/internal/node/**',
  'src/otel.ts',
]

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'docs/api/**',
      'coverage/**',
      'node_modules/**',
      '.runtimes/**',
      'tests/fixtures/**',
      'tests/.artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-invalid-void-type': 'off',
      '@typescript-eslint/unified-signatures': 'off',
      // Subclass constructors that only call super still narrow the content type for users.
      '@typescript-eslint/no-useless-constructor': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: nodeOnly,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message:
                'The root entry is edge-safe: no node: imports (docs/architecture.md, "Edge-safe entries").',
            },
            {
              group: ['mime-types', 'fast-json-stringify'],
              message: 'Keep Node-only or eval-using packages behind subpaths.',
            },
          ],
        },
      ],
      'no-new-func': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts', 'scripts/**/*'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
    },
  }
)
