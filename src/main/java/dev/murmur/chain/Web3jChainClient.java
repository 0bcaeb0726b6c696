package dev.murmur.chain;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

@ApplicationScoped
public class Web3jChainClient implements ChainClient {

    private final Web3j web3j;

    public Web3jChainClient(ChainConfig config) {
        String url = config.rpcUrl().orElseThrow(() -> new IllegalStateException(
                "murmur.chain.rpc-url (env MURMUR_CHAIN_RPC_URL) is not set"));
        this.web3j = Web3j.build(new HttpService(url));
    }

    @Override
    public BigInteger chainId() {
        try {
            return web3j.ethChainId().send().getChainId();
        } catch (IOException e) {
            throw new UncheckedIOException("eth_chainId failed", e);
        }
    }

    @Override
    public BigInteger blockNumber() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber();
        } catch (IOException e) {
            throw new UncheckedIOException("eth_blockNumber failed", e);
        }
    }

    @PreDestroy
    void close() {
        web3j.shutdown();
    }
}
