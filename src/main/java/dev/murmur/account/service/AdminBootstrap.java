package dev.murmur.account.service;

import dev.murmur.account.config.BootstrapConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Creates the first admin from configuration, once, as a new account (decision 0615); after that, admins
 * grant roles through the API. A restart never promotes anyone: not an account that took the handle
 * first, and not the bootstrap admin again after a demotion.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    void onStart(@Observes StartupEvent event, BootstrapConfig config, AccountService accounts) {
        if (config.handle().isPresent() != config.password().isPresent()) {
            throw new IllegalStateException("Set both murmur.bootstrap.admin.handle and murmur.bootstrap.admin.password, or neither");
        }
        if (config.handle().isPresent()) {
            switch (accounts.bootstrapAdmin(config.handle().get(), config.password().get())) {
                case CREATED -> LOG.infof("Bootstrap admin @%s created", config.handle().get());
                case ALREADY_CREATED -> LOG.debugf("Bootstrap admin @%s was created before; roles are managed through the API",
                        config.handle().get());
                case HANDLE_TAKEN -> LOG.errorf("murmur.bootstrap.admin.handle @%s belongs to an account the bootstrap did not create;"
                        + " it is not promoted. Choose another handle, or have an admin grant roles", config.handle().get());
            }
        }
    }
}
