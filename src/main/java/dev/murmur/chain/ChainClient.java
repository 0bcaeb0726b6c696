package dev.murmur.chain;

import java.math.BigInteger;

/**
 * Everything Murmur asks of the chain. Business code talks to this interface and never to web3j
 * or keys; {@link Web3jChainClient} is the one implementation.
 */
public interface ChainClient {

    /** The chain id of the connected node (31337 on the anvil dev chain). */
    BigInteger chainId();

    /** The latest block number. */
    BigInteger blockNumber();
}
