/**
 * The layers of src/, bottom to top. A module may import its own layer and the layers below it,
 * never one above: the picture in the README's "Architecture" section, checked in CI
 * (`npm run lint:deps`). Layers on the same row may not import each other.
 */
const LAYERS = [
  ['domain'],
  // stats/: arithmetic over samples (one percentile for eval, bench and soak); imports nothing.
  // params/: the fitted parameters file (written by `footnote fit`) that retrieval and answer read.
  ['text', 'providers', 'storage', 'stats', 'params'],
  ['corpus'],
  // Reading articles (web pages, uploads) into corpus documents, and fetching pages safely: a
  // library over corpus/ (its parser decides the paragraph numbering) that app/, commands/ and
  // cli/ use; it knows nothing of indexes or answers.
  ['article'],
  ['embeddings'],
  ['index'],
  ['retrieval'],
  ['answer'],
  ['app'],
  ['compose'],
  ['eval', 'bench'],
  ['commands'],
  ['adapters', 'cli'],
  ['main.ts', 'cli.ts', 'bench-child.ts'],
];

const path = (name) => (name.endsWith('.ts') ? `^src/${name.replace('.', '\\.')}$` : `^src/${name}/`);
const upward = LAYERS.flatMap((row, level) =>
  // The top row has nothing above it (an empty path list would match everything).
  (level === LAYERS.length - 1 ? [] : row).map((name) => ({
    name: `layer-${name.replace('.ts', '')}`,
    comment: `src/${name} is on layer ${level}: it may not import a higher layer`,
    severity: 'error',
    from: { path: path(name) },
    to: {
      path: LAYERS.slice(level + 1)
        .flat()
        .map(path),
    },
  })),
);
const sideways = LAYERS.flatMap((row) =>
  // The edges (adapters, cli) and the entry files may use one another.
  row.length < 2 || row.includes('adapters') || row.includes('main.ts')
    ? []
    : row.map((name) => ({
        name: `same-row-${name.replace('.ts', '')}`,
        comment: `src/${name} may not import its neighbours on the same layer`,
        severity: 'error',
        from: { path: path(name) },
        to: { path: row.filter((other) => other !== name).map(path) },
      })),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'domain-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'src-not-from-test',
      comment: 'test helpers stay under test/; the product never needs them',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'renderers-stay-with-their-adapter',
      comment: "Discord's rendering is for Discord only; the terminal's is shared by the shell and the CLI",
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/discord/'] },
      to: { path: '^src/adapters/discord/render\\.ts$' },
    },
    {
      name: 'shell-rendering-for-terminals',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/adapters/shell/', '^src/cli/', '^src/cli\\.ts$'] },
      to: { path: '^src/adapters/shell/render\\.ts$' },
    },
    {
      name: 'every-module-has-a-layer',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flat().map(path) },
      to: {},
    },
    ...upward,
    ...sideways,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
