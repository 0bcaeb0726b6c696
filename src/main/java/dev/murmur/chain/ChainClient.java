package dev.murmur.chain;

/**
 * Everything Murmur asks of the chain, as three narrow ports: the node ({@link ChainRpc}), the payout
 * contract read ({@link PayoutsContract}) and one signing key ({@link ChainSigner}). Business code talks
 * to these interfaces and never to web3j or keys; {@link Web3jChainClient} puts the three web3j parts
 * together. Amounts are payout-token base units; hashes and roots are 0x-prefixed hex.
 *
 * <p>Code that needs one part takes that part. This aggregate is what CDI produces and what the
 * settlement driver, listener and tools are handed, since each of them follows one chain and one contract.
 */
public interface ChainClient extends ChainRpc, PayoutsContract, ChainSigner {
}
