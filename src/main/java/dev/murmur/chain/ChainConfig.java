package dev.murmur.chain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The chain and the payout contract. Keys come from the environment; only %dev/%test carry anvil's well-known keys. */
@ConfigMapping(prefix = "murmur.chain")
public interface ChainConfig {

    /** murmur.chain.rpc-url: JSON-RPC endpoint of the EVM node (anvil locally). */
    Optional<String> rpcUrl();

    /** murmur.chain.chain-id: the chain id the node must report; checked at start-up when set. */
    Optional<Long> chainId();

    /** murmur.chain.payouts-address: the MurmurPayouts contract; must hold code (checked at start-up). */
    Optional<String> payoutsAddress();

    /**
     * murmur.chain.operator-key: hex private key holding OPERATOR_ROLE (signs settle). Never logged. Loaded
     * only where {@link #signer()} is true (the settler, or {@code all}); anywhere else start-up refuses it.
     */
    Optional<String> operatorKey();

    /**
     * murmur.chain.signer: whether this process loads the operator key and signs. Its default comes from
     * murmur.role (true in all and settler, false in api and worker; decision 0611). Without it the
     * chain client only reads.
     */
    @WithDefault("false")
    boolean signer();

    /**
     * murmur.chain.dev-deploy: when no payouts-address is set, deploy a MurmurTestToken and a MurmurPayouts
     * at start-up, with the operator as admin, operator and pauser and {@link #devAuditorAddress()} as
     * auditor. Dev chains only.
     */
    @WithDefault("false")
    boolean devDeploy();

    /**
     * murmur.chain.dev-auditor-address: the address a dev deployment grants AUDITOR_ROLE (anvil account 1).
     * Only its address: the auditor's key stays with the auditor's CLI or wallet (decision 0612).
     */
    @WithDefault("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")
    String devAuditorAddress();

    /** murmur.chain.dev-challenge-window: challenge window of a dev deployment. */
    @WithDefault("PT0S")
    Duration devChallengeWindow();

    /** murmur.chain.confirmations: blocks a settle receipt needs (the block holding it counts as one). */
    @WithDefault("3")
    int confirmations();

    /** murmur.chain.receipt-poll-interval: how often calls that wait for a receipt poll for it. */
    @WithDefault("0.2s")
    Duration receiptPollInterval();

    /** murmur.chain.receipt-timeout: how long such calls wait. */
    @WithDefault("60s")
    Duration receiptTimeout();

    /** murmur.chain.settle-gas-limit: gas limit of a settle transaction (settle costs about 81k, flat). */
    @WithDefault("150000")
    long settleGasLimit();

    /**
     * murmur.chain.rpc-attempts: how many times a read-only JSON-RPC call is tried when the connection
     * fails (1 = no retry). Sends and timeouts are never retried here.
     */
    @WithDefault("3")
    int rpcAttempts();

    /** murmur.chain.rpc-max-in-flight: JSON-RPC calls one process has open at once; more wait their turn. */
    @WithDefault("8")
    int rpcMaxInFlight();
}
