package dev.murmur.account;

import dev.murmur.account.service.WalletProofs;
import dev.murmur.testing.Api;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Wallet linking with a proof: real secp256k1 keys sign the issued message with personal_sign (EIP-191);
 * every bad proof is refused with its own problem type, and links nothing.
 */
@QuarkusTest
public class WalletProofTest {

    private static final String PROBLEMS = "https://murmur.dev/problems/";

    @Inject
    EntityManager em;

    public static Credentials newKey() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** personal_sign: 0x r s v, v = 27 or 28. */
    static String sign(String message, ECKeyPair key) {
        Sign.SignatureData s = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] out = new byte[65];
        System.arraycopy(s.getR(), 0, out, 0, 32);
        System.arraycopy(s.getS(), 0, out, 32, 32);
        out[64] = s.getV()[0];
        return Numeric.toHexString(out);
    }

    static JsonPath challenge(Api.User user, String address) {
        return user.as().body(Map.of("address", address)).post("/api/wallets/challenge").then().statusCode(200).extract().jsonPath();
    }

    /** Proves {@code key}'s address for {@code user}; returns the linked address. */
    public static String linkWithProof(Api.User user, Credentials key) {
        JsonPath c = challenge(user, Keys.toChecksumAddress(key.getAddress()));
        user.as().body(Map.of("nonce", c.getString("nonce"), "signature", sign(c.getString("message"), key.getEcKeyPair())))
                .post("/api/wallets/link").then().statusCode(200).body("address", equalTo(key.getAddress()));
        return key.getAddress();
    }

    private static void refused(Api.User user, String nonce, String signature, int status, String type) {
        user.as().body(Map.of("nonce", nonce, "signature", signature)).post("/api/wallets/link")
                .then().statusCode(status).contentType("application/problem+json").body("type", equalTo(PROBLEMS + type));
    }

    private static JsonPath wallets(Api.User user) {
        return user.as().get("/api/wallets/me").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldLinkAWalletProvenByASignatureAndChangeItWithAnother() {
        Api.User ada = Api.newUser("ada");
        Credentials first = newKey();
        JsonPath c = challenge(ada, first.getAddress());
        String message = c.getString("message");
        assertThat(message).contains("wants you to sign in with your Ethereum account:", Keys.toChecksumAddress(first.getAddress()),
                "@" + ada.handle(), "(id " + ada.id() + ")", "Chain ID: 31337", "Nonce: " + c.getString("nonce"), "Expiration Time: ");
        ada.as().body(Map.of("nonce", c.getString("nonce"), "signature", sign(message, first.getEcKeyPair())))
                .post("/api/wallets/link").then().statusCode(200).body("address", equalTo(first.getAddress()));

        Credentials second = newKey();
        linkWithProof(ada, second);
        JsonPath w = wallets(ada);
        assertThat(w.getString("current.address")).isEqualTo(second.getAddress());
        assertThat(w.getList("history.address")).containsExactly(first.getAddress(), second.getAddress());
        assertThat(w.getString("history[0].linkedTo")).isNotNull();
        assertThat(w.getString("history[1].linkedTo")).isNull();
        assertThat(w.getList("history.method")).containsOnly("signature");

        // The old address stays ada's forever: nobody else can take it.
        Api.User bob = Api.newUser("bob");
        bob.as().body(Map.of("address", first.getAddress())).post("/api/wallets/challenge")
                .then().statusCode(409).body("type", equalTo(PROBLEMS + "wallet-taken"));
    }

    @Test
    void shouldRefuseEveryBadProofAndLinkNothing() {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        Credentials key = newKey();
        JsonPath c = challenge(ada, key.getAddress());
        String nonce = c.getString("nonce");
        String message = c.getString("message");

        // Malformed signatures.
        refused(ada, nonce, "0x1234", 400, "wallet-signature-malformed");
        refused(ada, nonce, "not hex at all", 400, "wallet-signature-malformed");
        String good = sign(message, key.getEcKeyPair());
        refused(ada, nonce, good.substring(0, 130) + "1d", 400, "wallet-signature-malformed");          // v = 29
        refused(ada, nonce, "0x" + "00".repeat(32) + good.substring(66), 400, "wallet-signature-malformed"); // r = 0
        // Signed by another key.
        refused(ada, nonce, sign(message, newKey().getEcKeyPair()), 422, "wallet-signature-mismatch");
        // A signature over the same statement for another chain, or for another account, is over another message.
        WalletProofs.Statement forChain1 = new WalletProofs.Statement("murmur.dev", "https://murmur.dev", key.getAddress(), ada.handle(),
                ada.id(), 1, nonce, Instant.parse(c.getString("issuedAt")), Instant.parse(c.getString("expiresAt")));
        assertThat(WalletProofs.message(forChain1).replace("Chain ID: 1\n", "Chain ID: 31337\n")).isEqualTo(message);
        refused(ada, nonce, sign(WalletProofs.message(forChain1), key.getEcKeyPair()), 422, "wallet-signature-mismatch");
        JsonPath bobs = challenge(bob, key.getAddress());
        refused(ada, nonce, sign(bobs.getString("message"), key.getEcKeyPair()), 422, "wallet-signature-mismatch");
        // Another account's nonce, even with a perfect signature of its message.
        refused(ada, bobs.getString("nonce"), sign(bobs.getString("message"), key.getEcKeyPair()), 404, "wallet-challenge-unknown");
        refused(ada, "no-such-nonce", good, 404, "wallet-challenge-unknown");
        // Expired.
        JsonPath late = challenge(ada, key.getAddress());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update wallet_challenge set expires_at = issued_at where nonce = :n").setParameter("n", late.getString("nonce")).executeUpdate());
        refused(ada, late.getString("nonce"), sign(late.getString("message"), key.getEcKeyPair()), 410, "wallet-challenge-expired");
        // Bad addresses.
        ada.as().body(Map.of("address", "0x1234")).post("/api/wallets/challenge").then().statusCode(400)
                .body("type", equalTo(PROBLEMS + "validation-failed"));
        String checksummed = Keys.toChecksumAddress(key.getAddress());
        String typo = checksummed.substring(0, 41) + (Character.isUpperCase(checksummed.charAt(41))
                ? Character.toLowerCase(checksummed.charAt(41)) : Character.toUpperCase(checksummed.charAt(41)));
        if (!typo.equals(checksummed) && !typo.substring(2).equals(typo.substring(2).toLowerCase())) {
            ada.as().body(Map.of("address", typo)).post("/api/wallets/challenge").then().statusCode(400);
        }
        ada.as().body(Map.of("address", "0x" + "0".repeat(40))).post("/api/wallets/challenge").then().statusCode(400);
        ada.as().body(Map.of("nonce", nonce)).post("/api/wallets/link").then().statusCode(400).contentType("application/problem+json");

        // Nothing of that linked anything.
        assertThat(wallets(ada).getString("current")).isNull();
        assertThat(wallets(ada).getList("history")).isEmpty();

        // The address already belongs to another account: bob proves it first, then ada's proof is refused.
        bob.as().body(Map.of("nonce", bobs.getString("nonce"), "signature", sign(bobs.getString("message"), key.getEcKeyPair())))
                .post("/api/wallets/link").then().statusCode(200);
        refused(ada, nonce, good, 409, "wallet-taken");
        assertThat(wallets(ada).getList("history")).isEmpty();

        // Replayed nonce: bob's used challenge cannot link again, and his history has one link.
        refused(bob, bobs.getString("nonce"), sign(bobs.getString("message"), key.getEcKeyPair()), 409, "wallet-challenge-used");
        assertThat(wallets(bob).getList("history")).hasSize(1);
        // Unauthenticated.
        io.restassured.RestAssured.given().contentType("application/json").body(Map.of("address", key.getAddress()))
                .post("/api/wallets/challenge").then().statusCode(401).contentType("application/problem+json");
    }
}
