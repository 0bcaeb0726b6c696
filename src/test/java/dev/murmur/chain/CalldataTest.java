package dev.murmur.chain;

import dev.murmur.chain.contract.MurmurPayouts;
import dev.murmur.chain.contract.MurmurTestToken;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The calldata users send from their own wallets is exactly what the generated contract wrappers encode. */
class CalldataTest {

    private static final String PAYOUTS = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String TOKEN = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
    // Encoding never touches the node: this client is never called.
    private static final Web3j OFFLINE = Web3j.build(new HttpService("http://127.0.0.1:1"));
    private static final Credentials ANY = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    @Test
    void shouldEncodeVetoDepositAndApproveLikeTheWrappers() {
        MurmurPayouts payouts = MurmurPayouts.load(PAYOUTS, OFFLINE, ANY, new DefaultGasProvider());
        MurmurTestToken token = MurmurTestToken.load(TOKEN, OFFLINE, ANY, new DefaultGasProvider());
        assertThat(Calldata.veto(7)).isEqualTo(payouts.veto(BigInteger.valueOf(7)).encodeFunctionCall());
        assertThat(Calldata.deposit(BigInteger.valueOf(25_000_000))).isEqualTo(payouts.deposit(BigInteger.valueOf(25_000_000)).encodeFunctionCall());
        assertThat(Calldata.approve(PAYOUTS, BigInteger.TEN)).isEqualTo(token.approve(PAYOUTS, BigInteger.TEN).encodeFunctionCall());
    }

    @Test
    void shouldSpellTheChainIdForWallets() {
        TransactionRequest tx = TransactionRequest.of(null, PAYOUTS, "0x", 31337);
        assertThat(tx.chainIdHex()).isEqualTo("0x7a69");
        assertThat(tx.value()).isEqualTo("0x0");
    }
}
