package dev.murmur.account;

import dev.murmur.account.service.SiweMessages;
import dev.murmur.account.service.WalletProofs;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EIP-4361 messages read back, and the checks on domain, URI, chain and expiry. Pure. */
class SiweMessagesTest {

    private static final Instant ISSUED = Instant.parse("2026-12-04T10:00:00Z");
    private static final SiweMessages.Expected EXPECTED = new SiweMessages.Expected("murmur.dev", "https://murmur.dev", 31337);

    private static String issued(String domain, long chainId) {
        return WalletProofs.message(new WalletProofs.Statement(domain, "https://murmur.dev", "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
                "ada", 42, chainId, "0123456789abcdef0123456789abcdef", ISSUED, ISSUED.plusSeconds(600)));
    }

    @Test
    void shouldReadBackEveryFieldOfTheMessageMurmurIssues() throws Exception {
        SiweMessages.SiweMessage m = SiweMessages.parse(issued("murmur.dev", 31337));
        assertThat(m.domain()).isEqualTo("murmur.dev");
        assertThat(m.address()).isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        assertThat(m.statement()).contains("@ada", "(id 42)");
        assertThat(m.uri()).isEqualTo("https://murmur.dev");
        assertThat(m.version()).isEqualTo("1");
        assertThat(m.chainId()).isEqualTo(31337);
        assertThat(m.nonce()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(m.issuedAt()).isEqualTo(ISSUED);
        assertThat(m.expirationTime()).isEqualTo(ISSUED.plusSeconds(600));
        SiweMessages.check(m, EXPECTED, ISSUED.plusSeconds(1));
    }

    @Test
    void shouldNameTheFieldThatDoesNotMatch() throws Exception {
        assertThatThrownBy(() -> SiweMessages.check(SiweMessages.parse(issued("evil.example", 31337)), EXPECTED, ISSUED))
                .isInstanceOfSatisfying(SiweMessages.Invalid.class, e -> assertThat(e.field()).isEqualTo("domain"));
        assertThatThrownBy(() -> SiweMessages.check(SiweMessages.parse(issued("murmur.dev", 1)), EXPECTED, ISSUED))
                .isInstanceOfSatisfying(SiweMessages.Invalid.class, e -> assertThat(e.field()).isEqualTo("chainId"));
        SiweMessages.SiweMessage ok = SiweMessages.parse(issued("murmur.dev", 31337));
        assertThatThrownBy(() -> SiweMessages.check(ok, EXPECTED, ISSUED.plusSeconds(600)))
                .isInstanceOfSatisfying(SiweMessages.Invalid.class, e -> assertThat(e.field()).isEqualTo("expirationTime"));
    }

    @Test
    void shouldRefuseTextThatIsNotAnEip4361Message() {
        assertThatThrownBy(() -> SiweMessages.parse("hello")).isInstanceOf(SiweMessages.Invalid.class);
        assertThatThrownBy(() -> SiweMessages.parse(issued("murmur.dev", 31337).replace("Chain ID: 31337", "Chain ID: one")))
                .isInstanceOfSatisfying(SiweMessages.Invalid.class, e -> assertThat(e.field()).isEqualTo("chainId"));
        assertThatThrownBy(() -> SiweMessages.parse(issued("murmur.dev", 31337).replace("\nNonce: ", "\nNonsense: ")))
                .isInstanceOf(SiweMessages.Invalid.class);
        assertThatThrownBy(() -> SiweMessages.parse(null)).isInstanceOf(SiweMessages.Invalid.class);
    }
}
