// webpack for the task pane (taskpane.html, loaded by Excel; also the shared runtime of the
// worksheet functions), the functions' own script (functions.js, for hosts without a shared
// runtime; the manifest names it, so its name carries no hash), their metadata per language
// (functions.json, functions.sv.json) and the browser preview (preview.html and index.html:
// the same pane beside an in-memory workbook, with the preview's formula engine).
// TypeScript is transpiled by esbuild-loader without type-checking (npm run typecheck does that).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';

const root = path.dirname(fileURLToPath(import.meta.url));
const PORT = 3000;

/** The one Content-Security-Policy of both pages. Styles are inline because Fluent UI (Griffel) injects them at runtime. */
const CSP = [
  "default-src 'self'",
  "script-src 'self' https://appsforoffice.microsoft.com",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
].join('; ');

/** HTTPS options from office-addin-dev-certs, or null (then the server falls back to HTTP). */
async function httpsOptions() {
  try {
    const certs = await import('office-addin-dev-certs');
    const getHttpsServerOptions = certs.getHttpsServerOptions ?? certs.default?.getHttpsServerOptions;
    const opts = await Promise.race([
      getHttpsServerOptions(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 60 s')), 60_000)),
    ]);
    return { ca: opts.ca, key: opts.key, cert: opts.cert };
  } catch (err) {
    const reason = String(err?.message ?? err).split('\n')[0];
    console.warn(
      `\n[agreement-rules] Kunde inte installera utvecklingscertifikat (${reason}).` +
        `\n[agreement-rules] Could not install development certificates; serving over plain HTTP instead.` +
        `\n[agreement-rules] Excel needs HTTPS to sideload: run "npx office-addin-dev-certs install" and restart.\n`,
    );
    return null;
  }
}

export default async (env = {}, argv = {}) => {
  const dev = argv.mode !== 'production';
  const serving = Boolean(env.WEBPACK_SERVE);
  const https = serving ? await httpsOptions() : null;
  const scheme = https ? 'https' : 'http';

  const page = (filename, chunk, title, officeJs) =>
    new HtmlWebpackPlugin({
      filename,
      template: path.join(root, 'taskpane/page.html'),
      chunks: [chunk],
      title,
      officeJs,
      csp: CSP,
      scriptLoading: 'defer',
    });

  return {
    context: root,
    mode: dev ? 'development' : 'production',
    devtool: 'source-map', // never eval-based: the CSP has no 'unsafe-eval'
    entry: {
      taskpane: './taskpane/index.tsx',
      commands: './taskpane/commands.ts',
      functions: './taskpane/functions-entry.ts',
      preview: './taskpane/preview/index.tsx',
    },
    output: {
      path: path.join(root, 'dist'),
      // functions.js is named in manifest.xml (Functions.Script.Url): a stable name.
      filename: (data) => (dev || data.chunk?.name === 'functions' ? '[name].js' : '[name].[contenthash:8].js'),
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.json'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [
        {
          test: /\.[cm]?[jt]sx?$/,
          exclude: /node_modules/,
          loader: 'esbuild-loader',
          options: { target: 'es2020', jsx: 'automatic' },
        },
      ],
    },
    optimization: {
      minimizer: [new EsbuildPlugin({ target: 'es2020', css: false })],
    },
    performance: { hints: false },
    plugins: [
      page('taskpane.html', 'taskpane', 'Canceröverenskommelser som regler', true),
      page('commands.html', 'commands', 'Canceröverenskommelser som regler – kommandon', true), // the manifest's FunctionFile
      page('preview.html', 'preview', 'Förhandsvisning – Canceröverenskommelser som regler', false),
      page('index.html', 'preview', 'Förhandsvisning – Canceröverenskommelser som regler', false),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'assets/*.css', to: 'assets/[name][ext]' },
          { from: 'manifest.xml', to: 'manifest.xml' },
          // The custom functions' metadata (manifest.xml Functions.Metadata.Url and its sv-SE override).
          { from: 'addin/functions/functions.en.json', to: 'functions.json' },
          { from: 'addin/functions/functions.sv.json', to: 'functions.sv.json' },
        ],
      }),
    ],
    devServer: {
      port: PORT,
      host: 'localhost',
      server: https ? { type: 'https', options: https } : { type: 'http' },
      headers: { 'Access-Control-Allow-Origin': '*' },
      hot: false,
      liveReload: true,
      open: false,
      static: false,
      client: { overlay: { errors: true, warnings: false } },
      onListening(server) {
        const port = server.server?.address()?.port ?? PORT;
        const base = `${scheme}://localhost:${port}`;
        console.log(`\n  Förhandsvisning: ${base}/`);
        console.log(`  Preview:         ${base}/`);
        console.log(`  Task pane:       ${base}/taskpane.html   (sideload manifest.xml: npm run start:desktop)`);
        if (!https) console.log('  NOTE: plain HTTP — Excel will not load the add-in from here; the preview works.');
        console.log('');
      },
    },
  };
};
