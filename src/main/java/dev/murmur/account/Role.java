package dev.murmur.account;

import java.util.Set;

/**
 * What an account may do. Every account has USER; only an ADMIN grants the others, never to itself.
 *
 * <p>Roles held together (decision 0617): an AUDITOR holds neither OPERATOR nor ADMIN. The auditor checks
 * the batches operators make and vetoes them; an operator who audits their own batches, or an admin who
 * audits the operators they appointed, checks nothing. OPERATOR and ADMIN may be held together: an admin
 * cannot grant roles to itself, and no operator action redirects a creator's money (decision 0615).
 */
public enum Role {
    USER, OPERATOR, AUDITOR, ADMIN;

    /** The roles that may not be held together with this one. */
    public Set<Role> excludes() {
        return switch (this) {
            case AUDITOR -> Set.of(OPERATOR, ADMIN);
            case OPERATOR, ADMIN -> Set.of(AUDITOR);
            case USER -> Set.of();
        };
    }

    /** Role names as used by {@code @RolesAllowed}, which needs compile-time constants. */
    public static final class Names {
        public static final String USER = "USER";
        public static final String OPERATOR = "OPERATOR";
        public static final String AUDITOR = "AUDITOR";
        public static final String ADMIN = "ADMIN";

        private Names() {
        }
    }
}
