// ESLint (flat config): @eslint/js recommended + typescript-eslint recommended, without type
// information — the type-aware rules need a full TypeScript program per run (`npm run lint:types`
// already runs tsc), which would double lint time on the 2-core CI machine.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      'test-results/**',
      '.demo/**',
      'bench/results/**',
      '.vscode-test/**',
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberately unused (callback positions, destructuring to drop a key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // `ok ? passed++ : failed++` and `a && b()` are statements here on purpose.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // Walking up a parent chain starts at `this` (`for (let node = this; …; node = node.parent)`).
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
      // Catch blocks here translate an error into a located user message that already carries the
      // cause's message (file, reason); a `cause` property would add nothing the user sees.
      'preserve-caught-error': 'off',
      // Flags defensive initial values (`let x = ''; try { x = … }`); TypeScript's definite-assignment
      // analysis already covers the real risk (reading before writing).
      'no-useless-assignment': 'off',
    },
  },
  {
    // Kubernetes API objects (server/kube: watch events, lists, status subresources) are untyped JSON
    // narrowed field by field; tests and benches build such objects as fixtures.
    files: ['server/kube/**', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests match column-aligned CLI output: literal spaces in a regex read like the output they match.
    files: ['test/**'],
    rules: { 'no-regex-spaces': 'off' },
  },
  {
    // CommonJS helpers (bench stand-ins for the vscode module) are loaded with require by design.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The webview bundle runs in the browser.
    files: ['webview/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The real-VS-Code harness evaluates functions inside the page (page.evaluate), where the DOM is global.
    files: ['test/e2e/**', 'test/webview/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
);
