#!/usr/bin/env node
// Loads the standard-v1 tree dump of a Murmur settlement manifest (format murmur-settlement-v1) with
// OpenZeppelin's own StandardMerkleTree.load, validates it, and prints the root it computes, the
// manifest's root, and whether every value's proof verifies. An auditor compares the root with the
// chain's (`batches(N)` or the BatchSettled log). docs/audit.md shows it in context.
//
// Usage (from contracts/): node scripts/manifest-root.mjs MANIFEST_FILE|URL
// Exit code 0 when OpenZeppelin's root equals the manifest's root and every proof verifies; 1 otherwise.

import { readFileSync } from 'node:fs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';

const where = process.argv[2];
if (!where) {
  console.error('usage: node scripts/manifest-root.mjs MANIFEST_FILE|URL');
  process.exit(2);
}
const text = /^https?:\/\//.test(where) ? await (await fetch(where)).text() : readFileSync(where, 'utf8');
const manifest = JSON.parse(text);
let tree;
try {
  tree = StandardMerkleTree.load(manifest.tree); // validates: every node recomputed from the values
  tree.validate();
} catch (e) {
  console.log(`StandardMerkleTree.load refused the dump: ${e.message}`);
  process.exit(1);
}
let verified = 0;
for (const [i, value] of tree.entries()) {
  if (tree.verify(value, tree.getProof(i))) verified++;
}
const same = tree.root === manifest.root;
console.log(`batch ${manifest.batchId} on ${manifest.contract} (chain ${manifest.chainId})`);
console.log(`OpenZeppelin root: ${tree.root}`);
console.log(`manifest root:     ${manifest.root} (${same ? 'same' : 'DIFFERENT'})`);
console.log(`proofs verified:   ${verified} of ${manifest.tree.values.length}`);
process.exit(same && verified === manifest.tree.values.length ? 0 : 1);
