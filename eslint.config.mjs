import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core runs in plain Node: reach VS Code through a port in src/host.' }] }] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['webview-ui/**/*.ts', 'test/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The toolkit is unmaintained upstream: only these few components know it, so a swap stays small.
    files: ['webview-ui/src/**/*.ts'],
    ignores: ['webview-ui/src/components/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@vscode/webview-ui-toolkit', '@vscode/webview-ui-toolkit/*'], message: 'Use the factories in webview-ui/src/components/.' }] }] },
  },
);
