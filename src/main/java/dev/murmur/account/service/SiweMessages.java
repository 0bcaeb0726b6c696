package dev.murmur.account.service;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sign-In with Ethereum (EIP-4361) messages, read back: the parser and the checks a server makes on
 * a message a wallet signed (domain, URI, chain, nonce, validity window). Pure, no state: the nonce's
 * single use and the signature are {@link WalletService}'s part ({@code linkWithProof}).
 *
 * <p>Murmur issues the text itself ({@link WalletProofs#message}), so in the normal path the parsed
 * message is the issued one. The checks exist for what the browser sends back: a wallet that
 * rewrote the text, a page on another domain, a wallet on another network, an old tab. Each failure
 * names the field, so the page can explain it in words.
 */
public final class SiweMessages {

    private static final Pattern HEADER = Pattern.compile("^(?<domain>[^\\s/]+) wants you to sign in with your Ethereum account:$");
    private static final Pattern FIELD = Pattern.compile("^(?<name>URI|Version|Chain ID|Nonce|Issued At|Expiration Time|Not Before|Request ID): (?<value>.*)$");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,}");

    private SiweMessages() {
    }

    /** The fields of an EIP-4361 message. {@code statement}, {@code expirationTime} and {@code notBefore} may be absent. */
    public record SiweMessage(String domain, String address, String statement, String uri, String version, long chainId, String nonce,
                              Instant issuedAt, Instant expirationTime, Instant notBefore) {
    }

    /** A message that is not EIP-4361, or a check that failed; {@code field} names the part. */
    public static final class Invalid extends Exception {
        private final String field;

        Invalid(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** Reads a message in EIP-4361's line format. */
    public static SiweMessage parse(String text) throws Invalid {
        if (text == null || text.isEmpty()) {
            throw new Invalid("message", "is empty");
        }
        List<String> lines = List.of(text.split("\n", -1));
        if (lines.size() < 6) {
            throw new Invalid("message", "is not an EIP-4361 message: too few lines");
        }
        Matcher header = HEADER.matcher(lines.get(0));
        if (!header.matches()) {
            throw new Invalid("domain", "the first line must be '<domain> wants you to sign in with your Ethereum account:'");
        }
        String address = lines.get(1);
        if (WalletProofs.normalize(address).isEmpty()) {
            throw new Invalid("address", "the second line must be an EIP-55 address");
        }
        int i = 2;
        if (!lines.get(i).isEmpty()) {
            throw new Invalid("message", "an empty line must follow the address");
        }
        i++;
        String statement = null;
        if (!FIELD.matcher(lines.get(i)).matches()) {
            statement = lines.get(i);
            i++;
            if (i >= lines.size() || !lines.get(i).isEmpty()) {
                throw new Invalid("statement", "an empty line must follow the statement");
            }
            i++;
        }
        List<String[]> fields = new ArrayList<>();
        for (; i < lines.size(); i++) {
            Matcher m = FIELD.matcher(lines.get(i));
            if (!m.matches()) {
                throw new Invalid("message", "unexpected line " + (i + 1) + ": '" + lines.get(i) + "'");
            }
            fields.add(new String[]{m.group("name"), m.group("value")});
        }
        String uri = require(fields, "URI");
        String version = require(fields, "Version");
        if (!version.equals("1")) {
            throw new Invalid("version", "must be 1");
        }
        long chainId;
        try {
            chainId = Long.parseLong(require(fields, "Chain ID"));
        } catch (NumberFormatException e) {
            throw new Invalid("chainId", "must be a decimal chain id");
        }
        String nonce = require(fields, "Nonce");
        if (!NONCE.matcher(nonce).matches()) {
            throw new Invalid("nonce", "must be at least 8 letters or digits");
        }
        return new SiweMessage(header.group("domain"), address, statement, uri, version, chainId, nonce,
                time(require(fields, "Issued At"), "issuedAt"), optional(fields, "Expiration Time", "expirationTime"),
                optional(fields, "Not Before", "notBefore"));
    }

    /** What a server expects of a message it issued. */
    public record Expected(String domain, String uri, long chainId) {
    }

    /** Checks domain, URI, chain and the validity window at {@code now}. */
    public static void check(SiweMessage m, Expected expected, Instant now) throws Invalid {
        if (!m.domain().equals(expected.domain())) {
            throw new Invalid("domain", "the message is for " + m.domain() + ", and this is " + expected.domain()
                    + ": the page that asked for the signature is not Murmur's");
        }
        if (!m.uri().equals(expected.uri())) {
            throw new Invalid("uri", "the message names " + m.uri() + ", not " + expected.uri());
        }
        if (m.chainId() != expected.chainId()) {
            throw new Invalid("chainId", "the message is for chain " + m.chainId() + "; Murmur pays on chain " + expected.chainId()
                    + ": switch the wallet's network and ask for a new message");
        }
        if (m.expirationTime() != null && !now.isBefore(m.expirationTime())) {
            throw new Invalid("expirationTime", "the message expired at " + m.expirationTime() + "; ask for a new one");
        }
        if (m.notBefore() != null && now.isBefore(m.notBefore())) {
            throw new Invalid("notBefore", "the message is not valid before " + m.notBefore());
        }
    }

    private static String require(List<String[]> fields, String name) throws Invalid {
        Optional<String> v = fields.stream().filter(f -> f[0].equals(name)).map(f -> f[1]).findFirst();
        if (v.isEmpty()) {
            throw new Invalid(name, "the message has no '" + name + ":' line");
        }
        return v.get();
    }

    private static Instant optional(List<String[]> fields, String name, String field) throws Invalid {
        Optional<String> v = fields.stream().filter(f -> f[0].equals(name)).map(f -> f[1]).findFirst();
        return v.isEmpty() ? null : time(v.get(), field);
    }

    private static Instant time(String value, String field) throws Invalid {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Invalid(field, "must be an RFC 3339 time, not '" + value + "'");
        }
    }
}
