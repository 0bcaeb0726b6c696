package dev.murmur.account.service;

import dev.murmur.account.config.WalletConfig;
import dev.murmur.chain.ChainClient;
import dev.murmur.chain.ChainConfig;
import dev.murmur.problem.ApiException;
import dev.murmur.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Clock;

/**
 * Wallet linking in the browser with Sign-In with Ethereum (EIP-4361, {@code personal_sign}). The
 * server issues the nonce and the exact text ({@link WalletService#challenge}); the wallet signs it;
 * the server reads the signed text back ({@link SiweMessages}), checks domain, URI, chain and expiry
 * with a problem that names the field, then links through {@link WalletService#linkWithProof}, which
 * checks the nonce (issued to this account, unused, unexpired: single use) and the signature over the
 * stored text. Kept apart from {@code WalletService} so the step-up of the hardening work can wrap
 * both entry points the same way.
 */
@ApplicationScoped
public class SiweService {

    /** What the page needs: the text to pass to {@code personal_sign} as is, and what it says. */
    public record SiweChallenge(String message, String nonce, String address, String domain, String uri, long chainId,
                                String chainIdHex, java.time.Instant issuedAt, java.time.Instant expiresAt) {
    }

    private final WalletService wallets;
    private final WalletConfig config;
    private final ChainConfig chainConfig;
    private final Instance<ChainClient> chain;
    private final Clock clock;

    public SiweService(WalletService wallets, WalletConfig config, ChainConfig chainConfig, Instance<ChainClient> chain, Clock clock) {
        this.wallets = wallets;
        this.config = config;
        this.chainConfig = chainConfig;
        this.chain = chain;
        this.clock = clock;
    }

    public SiweChallenge issue(long accountId, String address) {
        WalletService.Challenge c = wallets.challenge(accountId, address);
        return new SiweChallenge(c.message(), c.nonce(), c.address(), config.domain(), config.uri(), c.chainId(),
                "0x" + Long.toHexString(c.chainId()), c.issuedAt(), c.expiresAt());
    }

    /** Verifies the signed message and links its wallet; any failure links nothing. */
    public WalletService.Wallet verify(long accountId, String message, String signature) {
        SiweMessages.SiweMessage parsed;
        try {
            parsed = SiweMessages.parse(message);
        } catch (SiweMessages.Invalid e) {
            throw ApiException.field(ProblemType.VALIDATION_FAILED, "message." + e.field(), e.getMessage());
        }
        long chainId = chainConfig.chainId().orElseGet(() -> chain.get().chainId().longValueExact());
        try {
            SiweMessages.check(parsed, new SiweMessages.Expected(config.domain(), config.uri(), chainId), clock.instant());
        } catch (SiweMessages.Invalid e) {
            ProblemType type = e.field().equals("expirationTime") ? ProblemType.WALLET_CHALLENGE_EXPIRED : ProblemType.WALLET_SIGNATURE_MISMATCH;
            throw ApiException.field(type, "message." + e.field(), e.getMessage());
        }
        return wallets.linkWithProof(accountId, parsed.nonce(), signature);
    }
}
