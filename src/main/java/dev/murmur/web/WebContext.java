package dev.murmur.web;

import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/** The signed-in reader (if any) and the page chrome for this request. */
@RequestScoped
public class WebContext {

    private final CurrentAccount current;
    private final WebSession session;
    private final Assets assets;
    private final NotificationFeed notifications;
    private final SecurityIdentity identity;

    public WebContext(CurrentAccount current, WebSession session, Assets assets,
                      NotificationFeed notifications, SecurityIdentity identity) {
        this.identity = identity;
        this.current = current;
        this.session = session;
        this.assets = assets;
        this.notifications = notifications;
    }

    public Optional<Long> viewer() {
        return current.optionalId();
    }

    /** The signed-in reader's id; pages that need one check {@link #viewer()} first and send others to log in. */
    public long me() {
        return current.id();
    }

    /**
     * The chrome from the identity alone, without the database: for a page answered on the I/O thread,
     * as a refusal by role is (the security check runs before the request reaches a worker thread).
     * The unread count is left out.
     */
    public Chrome chromeWithoutLookups(String nav) {
        return chrome(nav, 0, false);
    }

    /**
     * The chrome with the unread count: one statement, the count's. The handle is the identity's
     * principal (TokenIdentityProvider), since a handle never changes; loading the account for it
     * cost a page a fifth of its CPU (docs/benchmarks.md, "The web pages' chrome without the account").
     */
    public Chrome chrome(String nav) {
        return chrome(nav, identity.isAnonymous() ? 0 : notifications.unreadCount(me()), notifications.available());
    }

    private Chrome chrome(String nav, long unread, boolean notificationsShown) {
        String handle = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        return new Chrome(handle, session.csrfToken(), assets.css(), assets.js(), assets.htmx(), unread, notificationsShown, nav,
                assets.url(Assets.WALLET), handle == null ? null : consoleEntry());
    }

    /** Where the console starts for these roles (ConsolePages, ConsoleModerationPages), or null for no "Console" link. */
    private String consoleEntry() {
        if (identity.hasRole(Role.Names.OPERATOR)) {
            return "/console";
        }
        return identity.hasRole(Role.Names.ADMIN) ? "/console/moderation" : null;
    }
}
