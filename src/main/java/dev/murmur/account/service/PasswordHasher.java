package dev.murmur.account.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Argon2id password hashes in PHC string format (salt and parameters travel with the hash). */
@ApplicationScoped
public class PasswordHasher {

    private final Argon2PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    /** Verified against when the handle is unknown, so both paths cost the same time. */
    private final String decoy = encoder.encode("decoy-password-for-unknown-handles");

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    public void burnTime(String password) {
        encoder.matches(password, decoy);
    }
}
