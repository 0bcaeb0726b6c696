package dev.murmur.chain;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Optional;

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
        Optional<String> operatorKey = operatorKey(config);
        String payouts = config.payoutsAddress().orElseGet(() -> {
            if (!config.devDeploy()) {
                throw new ChainException("murmur.chain.payouts-address (env MURMUR_CHAIN_PAYOUTS_ADDRESS) is not set");
            }
            DevChain.Deployment d = DevChain.deploy(url, operatorKey.orElseThrow(() -> new ChainException(
                    "murmur.chain.dev-deploy needs the operator key; set murmur.chain.payouts-address in this role")),
                    config.devAuditorAddress(), config.devChallengeWindow(), true);
            LOG.infof("dev chain: MurmurTestToken at %s, MurmurPayouts at %s", d.token(), d.payouts());
            return d.payouts();
        });
        Web3jChainClient client = new Web3jChainClient(new Web3jChainClient.Settings(url, payouts, operatorKey.orElse(null),
                config.receiptPollInterval(), config.receiptTimeout(), config.settleGasLimit(),
                new GuardedRpcTransport.Limits(config.rpcAttempts(), GuardedRpcTransport.Limits.DEFAULT.firstBackoff(),
                        config.rpcMaxInFlight(), GuardedRpcTransport.Limits.DEFAULT.maxWait())));
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

    /**
     * The operator key, in the roles that sign (murmur.chain.signer) only. A process that must not sign
     * but was given the key refuses to start, so a misconfigured API host fails loudly instead of
     * quietly holding the key (decision 0611). Tests and dev blank the key for their api-role runs.
     */
    static Optional<String> operatorKey(ChainConfig config) {
        if (config.signer()) {
            return Optional.of(config.operatorKey().orElseThrow(() -> new ChainException(
                    "murmur.chain.operator-key (env MURMUR_CHAIN_OPERATOR_KEY) is not set; this role signs settlements")));
        }
        if (config.operatorKey().isPresent()) {
            throw new ChainException("murmur.chain.operator-key is set, but this process does not sign (murmur.chain.signer=false,"
                    + " from its murmur.role); only the settler holds the operator key. Remove MURMUR_CHAIN_OPERATOR_KEY here");
        }
        return Optional.empty();
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
        if (config.rpcUrl().isPresent()) {
            operatorKey(config); // refuses a key this role must not hold, even before first use
            if (config.signer()) {
                LOG.infof("chain %s: payouts %s, signing as operator %s", client.chainId(), client.payoutsAddress(), client.operatorAddress());
            } else {
                LOG.infof("chain %s: payouts %s, read only (no chain key in this role)", client.chainId(), client.payoutsAddress());
            }
        }
    }
}
