#!/usr/bin/env node
// Copies the ABI and creation bytecode of the deployable contracts from forge's out/ into
// artifacts/, which is committed: the Java build generates its web3j wrappers from these files and
// deploys the bytecode to the dev chain, without needing forge or a compiler.
//
//   artifacts/<Name>.abi  the ABI, as a JSON array
//   artifacts/<Name>.bin  the creation bytecode, hex without 0x (solc --bin style)
//
// The bytecode is reproducible: the compiler and its settings are pinned, and foundry.toml sets
// bytecode_hash = "none", so no path-dependent metadata hash is embedded.
//
// Usage (from contracts/, after ./forge.sh build): node scripts/export-artifacts.mjs [--check]
//   --check  fails if the committed files differ from what would be written.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CONTRACTS = [
  { file: 'MurmurPayouts.sol', name: 'MurmurPayouts' },
  { file: 'IMurmurPayouts.sol', name: 'IMurmurPayouts', abiOnly: true },
  { file: 'MurmurTestToken.sol', name: 'MurmurTestToken' },
  // The payout token as production code sees it: any ERC-20, never the dev chain's test token.
  { file: 'IERC20.sol', name: 'IERC20', abiOnly: true },
  // ERC-6093's standard token errors, so a token's revert is named whichever token pays out.
  { file: 'draft-IERC6093.sol', name: 'IERC20Errors', abiOnly: true },
];

const check = process.argv.includes('--check');
const outDir = join(root, 'artifacts');
const stale = [];

for (const { file, name, abiOnly } of CONTRACTS) {
  const artifactPath = join(root, 'out', file, `${name}.json`);
  if (!existsSync(artifactPath)) {
    console.error(`${artifactPath} is missing: run ./forge.sh build first`);
    process.exit(1);
  }
  const artifact = JSON.parse(readFileSync(artifactPath, 'utf8'));
  const files = { [`${name}.abi`]: JSON.stringify(artifact.abi, null, 2) + '\n' };
  if (!abiOnly) {
    const bytecode = artifact.bytecode?.object ?? '';
    if (!/^0x[0-9a-f]+$/.test(bytecode)) {
      console.error(`${artifactPath} has no bytecode (was it built by forge lint?): run ./forge.sh build`);
      process.exit(1);
    }
    files[`${name}.bin`] = bytecode.slice(2) + '\n';
  }
  for (const [fileName, text] of Object.entries(files)) {
    const target = join(outDir, fileName);
    if (check) {
      if (!existsSync(target) || readFileSync(target, 'utf8') !== text) stale.push(fileName);
    } else {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(target, text);
    }
  }
}

if (check) {
  if (stale.length > 0) {
    console.error(`artifacts/ is out of date (${stale.join(', ')}): run node scripts/export-artifacts.mjs`);
    process.exit(1);
  }
  console.log('artifacts/ is up to date');
} else {
  console.log(`wrote ${outDir}`);
}
