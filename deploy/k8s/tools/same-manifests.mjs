// Exit 0 when two multi-document YAML files hold the same Kubernetes objects. quarkus-kubernetes
// writes map keys and named lists (ports, env) in an order that changes from build to build, so
// the comparison is on a canonical form: keys sorted, lists of named items sorted by name.
//   node same-manifests.mjs A.yaml B.yaml
import { readFileSync } from 'node:fs';
import YAML from 'yaml';

function canonical(value) {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    if (items.every((item) => item && typeof item === 'object' && typeof item.name === 'string')) {
      items.sort((a, b) => a.name.localeCompare(b.name));
    }
    return items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
  }
  return value;
}

const load = (file) => YAML.parseAllDocuments(readFileSync(file, 'utf8'))
  .map((document) => document.toJS())
  .filter((object) => object)
  .map((object) => JSON.stringify(canonical(object), null, 1))
  .sort();

const [a, b] = process.argv.slice(2).map(load);
if (JSON.stringify(a) === JSON.stringify(b)) process.exit(0);
const shown = (objects) => objects.join('\n---\n');
console.error(`--- ${process.argv[2]}\n${shown(a)}\n+++ ${process.argv[3]}\n${shown(b)}`);
process.exit(1);
