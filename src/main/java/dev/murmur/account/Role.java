package dev.murmur.account;

/** What an account may do. Every account has USER; only an ADMIN grants the others. */
public enum Role {
    USER, OPERATOR, AUDITOR, ADMIN;

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
