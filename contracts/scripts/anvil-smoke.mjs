#!/usr/bin/env node
// End-to-end check of the committed artifacts on a real dev chain: starts anvil (from
// @foundry-rs/anvil, on a free port), deploys artifacts/MurmurTestToken.bin and MurmurPayouts.bin,
// funds the contract, settles two batches whose trees are built by @openzeppelin/merkle-tree, claims
// with that library's proofs, and prints each transaction's gasUsed. Exits non-zero on any failure.
//
// Usage (from contracts/): node scripts/anvil-smoke.mjs

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { keccak256 } from 'ethereum-cryptography/keccak.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function anvilBinary() {
  const os = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  return require.resolve(`@foundry-rs/anvil-${os}-${arch}/bin/anvil`);
}

function startAnvil() {
  const child = spawn(anvilBinary(), ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error('anvil did not start within 30 s')), 30_000);
    child.on('exit', (code) => reject(new Error(`anvil exited with ${code}: ${buffered}`)));
    child.stdout.on('data', (data) => {
      buffered += data;
      const match = buffered.match(/Listening on ([\d.]+):(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://${match[1]}:${match[2]}` });
      }
    });
  });
}

const hex = (bytes) => Buffer.from(bytes).toString('hex');
const word = (value) => BigInt(value).toString(16).padStart(64, '0');
const addressWord = (address) => address.toLowerCase().replace(/^0x/, '').padStart(64, '0');
const selector = (signature) => hex(keccak256(Buffer.from(signature))).slice(0, 8);
const roleId = (name) => hex(keccak256(Buffer.from(name)));

async function main() {
  const { child, url } = await startAnvil();
  try {
    let id = 0;
    const rpc = async (method, params = []) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      });
      const body = await response.json();
      if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.result;
    };
    const [operator, alice, bob] = await rpc('eth_accounts');
    const transact = async (label, tx) => {
      const hash = await rpc('eth_sendTransaction', [{ from: operator, gas: '0x1000000', ...tx }]);
      let receipt = null;
      for (let tries = 0; receipt === null && tries < 100; tries++) {
        receipt = await rpc('eth_getTransactionReceipt', [hash]);
        if (receipt === null) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (receipt === null) throw new Error(`${label}: no receipt after 5 s`);
      if (receipt.status !== '0x1') throw new Error(`${label} reverted`);
      console.log(`${label.padEnd(28)} gasUsed ${parseInt(receipt.gasUsed, 16)}`);
      return receipt;
    };
    const call = async (to, data) => BigInt(await rpc('eth_call', [{ to, data }, 'latest']));
    const bin = (name) => '0x' + readFileSync(join(root, 'artifacts', `${name}.bin`), 'utf8').trim();

    const token = (await transact('deploy MurmurTestToken', {
      data: bin('MurmurTestToken') + addressWord(operator) + word(1_000_000_000_000n),
    })).contractAddress;
    const payouts = (await transact('deploy MurmurPayouts', {
      // constructor(token, admin, adminTransferDelay = 1 day, challengeWindow = 0)
      data: bin('MurmurPayouts') + addressWord(token) + addressWord(operator) + word(86_400) + word(0),
    })).contractAddress;
    await transact('grantRole OPERATOR', {
      to: payouts,
      data: '0x' + selector('grantRole(bytes32,address)') + roleId('OPERATOR_ROLE') + addressWord(operator),
    });
    await transact('approve', {
      to: token,
      data: '0x' + selector('approve(address,uint256)') + addressWord(payouts) + 'f'.repeat(64),
    });
    await transact('fundRewards', { to: payouts, data: '0x' + selector('fundRewards(uint256)') + word(10_000_000_000n) });

    const batches = [
      [[alice, '1000000'], [bob, '2500000']],
      [[alice, '4000000'], [bob, '2500000']],
    ];
    for (const [index, values] of batches.entries()) {
      const batchId = index + 1;
      const tree = StandardMerkleTree.of(values, ['address', 'uint256']);
      const total = values.reduce((sum, [, amount]) => sum + BigInt(amount), 0n);
      await transact(`settle batch ${batchId}`, {
        to: payouts,
        data: '0x' + selector('settle(uint64,bytes32,uint256,uint256,bytes32)') + word(batchId) +
          tree.root.slice(2) + word(total) + word(0) + hex(keccak256(Buffer.from(`manifest ${batchId}`))),
      });
      const proof = tree.getProof(0);
      const [account, amount] = values[0];
      await transact(`claim batch ${batchId}`, {
        to: payouts,
        data: '0x' + selector('claim(address,uint256,bytes32[])') + addressWord(account) + word(amount) +
          word(0x60) + word(proof.length) + proof.map((p) => p.slice(2)).join(''),
      });
    }

    const paid = await call(token, '0x' + selector('balanceOf(address)') + addressWord(alice));
    const claimed = await call(payouts, '0x' + selector('totalClaimed()'));
    if (paid !== 4_000_000n || claimed !== 4_000_000n) {
      throw new Error(`alice was paid ${paid} and the contract counts ${claimed}, expected 4000000`);
    }
    console.log('anvil smoke test: ok');
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(`anvil smoke test failed: ${error.message}`);
  process.exit(1);
});
