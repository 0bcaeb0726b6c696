package dev.murmur.chain;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Builds the one {@link ChainClient} from {@link ChainConfig}, and checks the chain at start-up:
 * the chain id (when configured) and that the payout contract has code. With
 * {@code murmur.chain.dev-deploy} and no contract configured, it deploys one first (dev chains).
 * Without {@code murmur.chain.rpc-url} the app starts, and the client fails on first use.
 */
@ApplicationScoped
public class ChainClientProducer {

    private static final Logger LOG = Logger.getLogger(ChainClientProducer.class);

    @Inject
    ChainConfig config;

    @Produces
    @ApplicationScoped
    ChainClient chainClient() {
        String url = config.rpcUrl().orElseThrow(() -> new ChainException(
                "murmur.chain.rpc-url (env MURMUR_CHAIN_RPC_URL) is not set"));
        String operatorKey = config.operatorKey().orElseThrow(() -> new ChainException(
                "murmur.chain.operator-key (env MURMUR_CHAIN_OPERATOR_KEY) is not set"));
        String payouts = config.payoutsAddress().orElseGet(() -> {
            if (!config.devDeploy()) {
                throw new ChainException("murmur.chain.payouts-address (env MURMUR_CHAIN_PAYOUTS_ADDRESS) is not set");
            }
            DevChain.Deployment d = DevChain.deploy(url, operatorKey, config.auditorKey().orElse(operatorKey),
                    config.devChallengeWindow(), true);
            LOG.infof("dev chain: MurmurTestToken at %s, MurmurPayouts at %s", d.token(), d.payouts());
            return d.payouts();
        });
        Web3jChainClient client = new Web3jChainClient(new Web3jChainClient.Settings(url, payouts, operatorKey,
                config.auditorKey().orElse(null), config.receiptPollInterval(), config.receiptTimeout(), config.settleGasLimit()));
        config.chainId().ifPresent(expected -> {
            if (client.chainId().longValueExact() != expected) {
                client.close();
                throw new ChainException("the node at " + url + " reports chain id " + client.chainId() + ", expected " + expected);
            }
        });
        if (!client.hasCode(payouts)) {
            client.close();
            throw new ChainException("no contract code at murmur.chain.payouts-address " + payouts);
        }
        return client;
    }

    void close(@Disposes ChainClient client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the chain client", e);
            }
        }
    }

    /** Fails start-up on a wrong chain or a missing contract, rather than at the first batch. */
    void checkAtStartup(@Observes StartupEvent event, ChainClient client) {
        if (config.rpcUrl().isPresent() && config.operatorKey().isPresent()) {
            LOG.infof("chain %s: payouts %s, operator %s", client.chainId(), client.payoutsAddress(), client.operatorAddress());
        }
    }
}
