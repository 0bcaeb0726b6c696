package dev.murmur.chain;

import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import org.web3j.crypto.ContractUtils;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.math.BigInteger;
import java.time.Duration;

/**
 * Deploys the payout contract and the dev-chain test token (for dev chains, tests and benchmarks).
 * The operator key becomes admin, operator and pauser and holds the whole token supply; the auditor
 * address gets the auditor role (its key is the auditor's own, never Murmur's: decision 0612).
 */
public final class DevChain {

    /** Where a dev deployment lives. */
    public record Deployment(String token, String payouts) {
    }

    /** 10^15 base units: a billion tokens of 6 decimals. */
    public static final BigInteger SUPPLY = BigInteger.TEN.pow(15);
    /** The delay before a new admin of the dev contract can accept the role (AccessControlDefaultAdminRules): one day. */
    public static final BigInteger ADMIN_TRANSFER_DELAY = BigInteger.valueOf(86_400);

    private DevChain() {
    }

    private static boolean hasCode(Web3j web3j, String address) throws java.io.IOException {
        String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        return code != null && code.length() > 2;
    }

    /** Deploys a new token and payout contract. */
    public static Deployment deploy(String rpcUrl, String operatorKey, String auditorAddress, Duration challengeWindow) {
        return deploy(rpcUrl, operatorKey, auditorAddress, challengeWindow, false);
    }

    /**
     * With {@code reuse}, keeps the deployment the operator key made first on this chain (its transactions 0
     * and 1), if it is there: a dev chain that keeps its state between runs keeps its contract, and with it
     * the batches and claims Murmur's database remembers.
     */
    public static Deployment deploy(String rpcUrl, String operatorKey, String auditorAddress, Duration challengeWindow, boolean reuse) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            long chainId = web3j.ethChainId().send().getChainId().longValueExact();
            Credentials operator = Credentials.create(operatorKey);
            if (reuse) {
                String token = ContractUtils.generateContractAddress(operator.getAddress(), BigInteger.ZERO);
                String payouts = ContractUtils.generateContractAddress(operator.getAddress(), BigInteger.ONE);
                if (hasCode(web3j, token) && hasCode(web3j, payouts)) {
                    return new Deployment(token, payouts);
                }
                if (web3j.ethGetTransactionCount(operator.getAddress(), DefaultBlockParameterName.LATEST).send()
                        .getTransactionCount().signum() != 0) {
                    throw new ChainException("the operator " + operator.getAddress() + " has sent transactions on this chain,"
                            + " but its first deployment is not there; set murmur.chain.payouts-address");
                }
            }
            var manager = Web3jCalls.transactionManager(web3j, operator, chainId, Duration.ofMillis(100), Duration.ofSeconds(60));
            var gas = Web3jCalls.gasProvider(web3j, chainId, BigInteger.valueOf(6_000_000));
            MurmurTestToken token = MurmurTestToken.deploy(web3j, manager, gas, operator.getAddress(), SUPPLY).send();
            MurmurPayouts payouts = MurmurPayouts.deploy(web3j, manager, gas, token.getContractAddress(), operator.getAddress(),
                    ADMIN_TRANSFER_DELAY, BigInteger.valueOf(challengeWindow.toSeconds())).send();
            Web3jCalls.requireSuccess(payouts.grantRole(payouts.OPERATOR_ROLE().send(), operator.getAddress()).send(), "grant operator");
            Web3jCalls.requireSuccess(payouts.grantRole(payouts.PAUSER_ROLE().send(), operator.getAddress()).send(), "grant pauser");
            Web3jCalls.requireSuccess(payouts.grantRole(payouts.AUDITOR_ROLE().send(), auditorAddress).send(), "grant auditor");
            return new Deployment(token.getContractAddress(), payouts.getContractAddress());
        } catch (Exception e) {
            throw new ChainException("dev deployment to " + rpcUrl + " failed: " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }
}
