package dev.murmur.account.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The first admin, created at start-up when missing. Both properties or neither. */
@ConfigMapping(prefix = "murmur.bootstrap.admin")
public interface BootstrapConfig {

    /** murmur.bootstrap.admin.handle */
    Optional<String> handle();

    /** murmur.bootstrap.admin.password */
    Optional<String> password();
}
