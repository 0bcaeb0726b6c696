package dev.murmur.account.service;

import dev.murmur.account.config.BootstrapConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the first admin from configuration; after that, admins grant roles through the API. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    void onStart(@Observes StartupEvent event, BootstrapConfig config, AccountService accounts) {
        if (config.handle().isPresent() != config.password().isPresent()) {
            throw new IllegalStateException("Set both murmur.bootstrap.admin.handle and murmur.bootstrap.admin.password, or neither");
        }
        if (config.handle().isPresent()) {
            accounts.ensureAdmin(config.handle().get(), config.password().get());
            LOG.infof("Bootstrap admin @%s is ready", config.handle().get());
        }
    }
}
