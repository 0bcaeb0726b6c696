package dev.murmur.limit;

/** Each rate limit Murmur enforces, and what its key is. The table in docs/security.md lists them. */
public enum Limit {
    /** Login attempts from one client address. */
    LOGIN_PER_ADDRESS("login-per-address"),
    /** Failed logins against one handle (a successful login gives its unit back). */
    LOGIN_FAILURES_PER_HANDLE("login-failures-per-handle"),
    /** Accounts created from one client address. */
    SIGN_UP_PER_ADDRESS("sign-up-per-address"),
    /** Wallet challenges issued to one account. */
    WALLET_CHALLENGES_PER_ACCOUNT("wallet-challenges-per-account"),
    /** Posts (including replies, quotes and reposts) written by one account. */
    POSTS_PER_ACCOUNT("posts-per-account"),
    /** Tips sent by one account. */
    TIPS_PER_ACCOUNT("tips-per-account"),
    /** Likes and unlikes by one account. */
    LIKES_PER_ACCOUNT("likes-per-account");

    private final String property;

    Limit(String property) {
        this.property = property;
    }

    /** The property under murmur.limits that sets it, and the metric tag that counts its refusals. */
    public String property() {
        return property;
    }

    Rate rate(LimitsConfig config) {
        return switch (this) {
            case LOGIN_PER_ADDRESS -> config.loginPerAddress();
            case LOGIN_FAILURES_PER_HANDLE -> config.loginFailuresPerHandle();
            case SIGN_UP_PER_ADDRESS -> config.signUpPerAddress();
            case WALLET_CHALLENGES_PER_ACCOUNT -> config.walletChallengesPerAccount();
            case POSTS_PER_ACCOUNT -> config.postsPerAccount();
            case TIPS_PER_ACCOUNT -> config.tipsPerAccount();
            case LIKES_PER_ACCOUNT -> config.likesPerAccount();
        };
    }
}
