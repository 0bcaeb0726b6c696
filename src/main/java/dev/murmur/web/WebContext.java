package dev.murmur.web;

import dev.murmur.account.Account;
import dev.murmur.account.Role;
import dev.murmur.account.security.CurrentAccount;
import dev.murmur.account.service.AccountService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/** The signed-in reader (if any) and the page chrome for this request. */
@RequestScoped
public class WebContext {

    private final CurrentAccount current;
    private final AccountService accounts;
    private final WebSession session;
    private final Assets assets;
    private final NotificationFeed notifications;
    private final SecurityIdentity identity;

    public WebContext(CurrentAccount current, AccountService accounts, WebSession session, Assets assets,
                      NotificationFeed notifications, SecurityIdentity identity) {
        this.identity = identity;
        this.current = current;
        this.accounts = accounts;
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
        if (identity.isAnonymous()) {
            return new Chrome(null, null, session.csrfToken(), assets.css(), assets.js(), assets.htmx(), 0, false, nav,
                    assets.url(Assets.WALLET), null);
        }
        String handle = identity.getPrincipal().getName();
        return new Chrome(handle, handle, session.csrfToken(), assets.css(), assets.js(), assets.htmx(), 0, false, nav,
                assets.url(Assets.WALLET), consoleEntry());
    }

    public Chrome chrome(String nav) {
        Optional<Long> viewer = viewer();
        if (viewer.isEmpty()) {
            return new Chrome(null, null, session.csrfToken(), assets.css(), assets.js(), assets.htmx(), 0,
                    notifications.available(), nav, assets.url(Assets.WALLET), null);
        }
        Account me = accounts.require(viewer.get());
        return new Chrome(me.handle, me.displayName, session.csrfToken(), assets.css(), assets.js(), assets.htmx(),
                notifications.unreadCount(me.id), notifications.available(), nav, assets.url(Assets.WALLET), consoleEntry());
    }

    /** Where the console starts for these roles (ConsolePages, ConsoleModerationPages), or null for no "Console" link. */
    private String consoleEntry() {
        if (identity.hasRole(Role.Names.OPERATOR)) {
            return "/console";
        }
        return identity.hasRole(Role.Names.ADMIN) ? "/console/moderation" : null;
    }
}
