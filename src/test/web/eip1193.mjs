// A test wallet for the browser journeys (issue 14, docs/web.md "Wallet"): an EIP-1193 provider injected
// into every page of a playwright context, announced through EIP-6963 and set as window.ethereum. The page
// talks to it exactly as it would to MetaMask. Reads go to anvil; signatures and transactions are made
// here, in the test process, with one of anvil's dev keys (ethers), so no key ever enters the page.
// The journeys steer it like a user would: switch it to another network, or make it decline a request.
import { JsonRpcProvider, Wallet, getBytes, Contract } from "ethers";

/**
 * anvil's well-known dev keys (default mnemonic), accounts 0..9; 0..7 are the list in Settlements.ANVIL_KEYS, and 8 and 9
 * are the demo readers' wallets (DemoSeeder.READER_WALLETS, used by deploy/demo/browser-walkthrough.mjs).
 */
export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
  "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
  "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
  "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"
];

const USER_REJECTED = 4001;
const UNSUPPORTED = 4200;

/**
 * Injects a wallet holding anvil key {@code keyIndex} into {@code context}. Returns its controls:
 * {address, chainId (what the wallet says it is on; set it to simulate another network), decline (a Set of
 * methods the user declines), calls (every method the page asked, in order), chain (an ethers provider on anvil)}.
 */
export async function injectWallet(context, { rpcUrl, keyIndex, name = "Murmur Test Wallet", uuid = "b9a4c1f0-0d2e-4b8e-9c1f-6a1e2f3d4c5b" }) {
  const chain = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const signer = new Wallet(ANVIL_KEYS[keyIndex], chain);
  const anvilChainId = Number((await chain.getNetwork()).chainId);
  const wallet = { address: signer.address, chainId: anvilChainId, decline: new Set(), calls: [], chain };

  async function handle(method, params) {
    wallet.calls.push(method);
    if (wallet.decline.has(method)) {
      return { error: { code: USER_REJECTED, message: "User rejected the request." } };
    }
    switch (method) {
      case "eth_requestAccounts":
      case "eth_accounts":
        return { result: [signer.address] };
      case "eth_chainId":
        return { result: "0x" + wallet.chainId.toString(16) };
      case "wallet_switchEthereumChain": {
        const wanted = parseInt(params[0].chainId, 16);
        if (wanted !== anvilChainId) {
          return { error: { code: 4902, message: "Unrecognized chain ID " + params[0].chainId } };
        }
        wallet.chainId = wanted;
        return { result: null };
      }
      case "personal_sign": {
        const [message, address] = params;
        if (address.toLowerCase() !== signer.address.toLowerCase()) {
          return { error: { code: 4100, message: "This wallet does not hold " + address } };
        }
        return { result: await signer.signMessage(getBytes(message)) };
      }
      case "eth_sendTransaction": {
        const [tx] = params;
        if (wallet.chainId !== anvilChainId) {
          return { error: { code: 4901, message: "The wallet is not connected to chain " + anvilChainId } };
        }
        if (tx.from && tx.from.toLowerCase() !== signer.address.toLowerCase()) {
          return { error: { code: 4100, message: "This wallet does not hold " + tx.from } };
        }
        const sent = await signer.sendTransaction({ to: tx.to, data: tx.data, value: BigInt(tx.value || "0x0") });
        return { result: sent.hash };
      }
      case "eth_sign":
      case "eth_signTypedData_v4":
        return { error: { code: UNSUPPORTED, message: method + " is not used by Murmur" } };
      default:
        try {
          return { result: await chain.send(method, params || []) };
        } catch (e) {
          return { error: { code: e.error?.code ?? -32603, message: e.shortMessage || e.message } };
        }
    }
  }

  // One binding per wallet, so a context can hold several (EIP-6963: the page lets the user choose).
  const binding = "__murmurTestWallet" + keyIndex;
  await context.exposeBinding(binding, (_source, method, params) => handle(method, params));
  await context.addInitScript(({ name, uuid, binding }) => {
    const listeners = new Map();
    const provider = {
      isMurmurTestWallet: true,
      async request(args) {
        if (!args || typeof args.method !== "string") {
          const e = new Error("request expects { method, params }");
          e.code = -32600;
          throw e;
        }
        const answer = await window[binding](args.method, args.params || []);
        if (answer.error) {
          const e = new Error(answer.error.message);
          e.code = answer.error.code;
          throw e;
        }
        return answer.result;
      },
      on(event, fn) { (listeners.get(event) || listeners.set(event, []).get(event)).push(fn); return provider; },
      removeListener(event, fn) { listeners.set(event, (listeners.get(event) || []).filter(f => f !== fn)); return provider; }
    };
    const info = Object.freeze({ uuid, name, rdns: "dev.murmur.test-wallet",
      icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'%3E%3Crect width='1' height='1'/%3E%3C/svg%3E" });
    const announce = () => window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
    window.addEventListener("eip6963:requestProvider", announce);
    announce();
    if (!window.ethereum) { window.ethereum = provider; }
  }, { name, uuid, binding });
  return wallet;
}

const ERC20 = ["function balanceOf(address) view returns (uint256)"];

/** The ERC-20 balance of {@code address} on chain, in base units. */
export async function tokenBalance(chain, token, address) {
  return new Contract(token, ERC20, chain).balanceOf(address);
}
