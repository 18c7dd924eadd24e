#!/usr/bin/env node
// `npm run openapi:export [-- file]`: writes the OpenAPI document of the built app (dist/) to a file
// (default openapi.json) without a database: Nest's preview mode scans controllers without
// instantiating providers.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

process.env.NODE_PATH = path.join(__dirname, '..', 'dist');
Module._initPaths();

async function main() {
  const { NestFactory } = require('@nestjs/core');
  const { SwaggerModule } = require('@nestjs/swagger');
  const { AppModule } = require('src/app.module');
  const { buildOpenApiDocument } = require('src/common/openapi');
  const metadata = require('src/metadata').default;

  const app = await NestFactory.create(AppModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  await SwaggerModule.loadPluginMetadata(metadata);
  const document = buildOpenApiDocument(app);
  const file = path.resolve(process.argv[2] ?? 'openapi.json');
  fs.writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${Object.keys(document.paths).length} paths to ${file}\n`);
  await app.close();
}

main().catch((error) => {
  process.stderr.write(`openapi export failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
