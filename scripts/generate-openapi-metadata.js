#!/usr/bin/env node
// Writes src/metadata.ts: the @nestjs/swagger CLI plugin's view of every DTO and controller
// (types, optionality, validation limits, doc comments), with the options from nest-cli.json.
// The app loads it at boot, so the OpenAPI document is the same under `nest build`, ts-jest and
// anything else that compiles without the plugin.
const fs = require('node:fs');
const path = require('node:path');
const { ReadonlyVisitor } = require('@nestjs/swagger/plugin');

async function main() {
  const { PluginMetadataGenerator } =
    await import('@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js');
  const nestCli = require('../nest-cli.json');
  const plugin = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger');
  const root = path.join(__dirname, '..');
  process.chdir(root);
  const file = path.join(root, 'src', 'metadata.ts');
  // The generator type-checks the project, metadata.ts included: start from an empty one.
  fs.writeFileSync(file, 'export default async () => ({});\n');
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...plugin.options, pathToSource: path.join(root, 'src') })],
    outputDir: path.join(root, 'src'),
    watch: false,
    tsconfigPath: 'tsconfig.build.json',
    printDiagnostics: false,
  });
  // The printer keeps `src/...` specifiers as written; dynamic import() resolves like ESM, which
  // knows no path aliases, so make them relative with an extension.
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/import\("src\/([^"]+?)(\.js)?"\)/g, 'import("./$1.js")');
  fs.writeFileSync(file, text);
}

main().catch((error) => {
  process.stderr.write(`openapi metadata generation failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
