// Validates Kubernetes YAML (multi-document files, e.g. `kubectl kustomize` output) against the
// committed schemas in deploy/k8s/schemas/: Kubernetes' own kinds and the CloudNativePG and
// Strimzi CRDs. Offline. Exit 1 on the first file with an invalid or unknown object.
//
//   node validate.mjs FILE...
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import YAML from 'yaml';

const schemas = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
// strict: false because the schemas carry their own bookkeeping keywords ("kinds").
const ajv = new Ajv({ allErrors: true, strict: false });
const kubernetes = JSON.parse(readFileSync(join(schemas, 'kubernetes.json'), 'utf8'));
ajv.addSchema(kubernetes);
const validators = new Map(); // apiVersion/kind -> () => compiled validator
const compiled = new Map();
for (const [gvk, definition] of Object.entries(kubernetes.kinds)) {
  validators.set(gvk, () => ajv.compile({ $ref: `kubernetes.json#/definitions/${definition}` }));
}
for (const file of readdirSync(join(schemas, 'crds'))) {
  const schema = JSON.parse(readFileSync(join(schemas, 'crds', file), 'utf8'));
  const gvk = `${schema.properties.apiVersion.enum[0]}/${schema.properties.kind.enum[0]}`;
  validators.set(gvk, () => ajv.compile(schema));
}

let failed = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  const documents = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
  for (const document of documents) {
    if (document.errors.length > 0) {
      console.error(`${file}: YAML error: ${document.errors[0].message}`);
      failed++;
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) continue;
    const gvk = `${object.apiVersion}/${object.kind}`;
    const name = `${file}: ${object.kind}/${object.metadata?.name ?? '?'}`;
    const compile = validators.get(gvk);
    if (!compile) {
      console.error(`${name}: no schema for ${gvk} (add it in deploy/k8s/tools/build-schemas.mjs)`);
      failed++;
      continue;
    }
    if (!compiled.has(gvk)) compiled.set(gvk, compile());
    const validate = compiled.get(gvk);
    checked++;
    if (!validate(object)) {
      failed++;
      for (const error of validate.errors.slice(0, 10)) {
        const extra = error.params?.additionalProperty ? ` '${error.params.additionalProperty}'` : '';
        console.error(`${name}: ${error.instancePath || '/'} ${error.message}${extra}`);
      }
    }
  }
}
console.log(`validated ${checked} objects, ${failed} invalid`);
process.exit(failed > 0 ? 1 : 0);
