import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.aws-sam/', 'coverage/', 'services/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Lambda hands every handler (event, context); a name starting with _ is unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
