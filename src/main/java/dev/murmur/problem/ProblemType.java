package dev.murmur.problem;

/**
 * The stable catalogue of problem types the API returns. Clients switch on {@link #uri()}; the
 * slug never changes once published. Documented in docs/api-errors.md.
 */
public enum ProblemType {
    VALIDATION_FAILED("validation-failed", 400, "The request is not valid"),
    MALFORMED_JSON("malformed-json", 400, "The request body is not valid JSON"),
    WRONG_JSON_TYPE("wrong-json-type", 400, "A field has the wrong JSON type"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The request body must be application/json"),
    UNAUTHENTICATED("unauthenticated", 401, "Authentication is required"),
    INVALID_CREDENTIALS("invalid-credentials", 401, "Handle or password is wrong"),
    INVALID_TOKEN("invalid-token", 401, "The bearer token is unknown, expired or revoked"),
    FORBIDDEN("forbidden", 403, "You are not allowed to do this"),
    CSRF_REJECTED("csrf-rejected", 403, "The web form's CSRF token is missing or wrong"),
    // Keys and roles (issue 12, decisions 0616, 0617)
    STEP_UP_REQUIRED("step-up-required", 403, "Confirm your password again before this action"),
    ROLE_CONFLICT("role-conflict", 409, "The account holds a role that may not be held together with this one"),
    BLOCKED("blocked", 403, "This account has blocked you, or you have blocked it"),
    NOT_FOUND("not-found", 404, "No such resource"),
    NOT_SERVED_HERE("not-served-here", 404, "This instance does not serve the API"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "This method is not allowed here"),
    HANDLE_TAKEN("handle-taken", 409, "That handle is already taken"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 409, "This Idempotency-Key was used with a different request"),
    POST_DELETED("post-deleted", 409, "The post has been deleted"),
    PERIOD_CLOSED("period-closed", 409, "The reward period is closed"),
    BATCH_IN_PROGRESS("batch-in-progress", 409, "Another settlement batch is still in progress"),
    NOTHING_TO_SETTLE("nothing-to-settle", 409, "There is nothing new to settle"),
    BATCH_STATE_CONFLICT("batch-state-conflict", 409, "The settlement batch is not in a state that allows this"),
    CHAIN_OUT_OF_SYNC("chain-out-of-sync", 409, "The payout contract does not match Murmur's batch records"),
    WALLET_ALREADY_LINKED("wallet-already-linked", 409, "This account already has a wallet"),
    WALLET_TAKEN("wallet-taken", 409, "This wallet belongs to another account"),
    WALLET_CHALLENGE_UNKNOWN("wallet-challenge-unknown", 404, "No wallet challenge with this nonce was issued to you"),
    WALLET_CHALLENGE_USED("wallet-challenge-used", 409, "This wallet challenge was already used"),
    WALLET_CHALLENGE_EXPIRED("wallet-challenge-expired", 410, "This wallet challenge has expired"),
    WALLET_SIGNATURE_MALFORMED("wallet-signature-malformed", 400, "The signature is not a well-formed 65-byte signature"),
    WALLET_SIGNATURE_MISMATCH("wallet-signature-mismatch", 422, "The signature was not made by the challenged wallet over the issued message"),
    BATCH_ALREADY_VETOED("batch-already-vetoed", 409, "The batch is already vetoed"),
    VETO_WINDOW_CLOSED("veto-window-closed", 409, "The batch's challenge window has closed; it can no longer be vetoed"),
    FUNDING_DISABLED("funding-disabled", 409, "Funding from the operator key is only enabled on dev chains"),
    // contract: a period budget above what the payout contract's reward pool holds (decision 0621)
    BUDGET_EXCEEDS_REWARD_POOL("budget-exceeds-reward-pool", 409, "The budget exceeds the funded reward pool"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    POST_TOO_LONG("post-too-long", 422, "The post is too long"),
    INVALID_TEXT("invalid-text", 422, "The text is empty or contains forbidden characters"),
    SELF_ACTION("self-action", 422, "You cannot do this to yourself"),
    INVALID_AMOUNT("invalid-amount", 422, "The amount is not one Murmur can move"),
    INSUFFICIENT_BALANCE("insufficient-balance", 422, "The balance does not cover this"),
    INVALID_TAG("invalid-tag", 422, "The tag is not a hashtag Murmur can match"),
    TREND_SUPPRESSED("trend-suppressed", 410, "Operators took this trend off the public list"),
    // Limits against floods and guessing (docs/security.md "Limits"); sent with a Retry-After header.
    RATE_LIMITED("rate-limited", 429, "Too many requests; try again later"),
    // Claims prepared for the browser (docs/settlement.md).
    NOTHING_TO_CLAIM("nothing-to-claim", 409, "Nothing is claimable for this address now"),
    INTERNAL("internal", 500, "Something went wrong on our side"),
    CHAIN_UNAVAILABLE("chain-unavailable", 503, "The chain node could not be reached or refused the request"),
    // Every database connection stayed busy for the whole acquisition timeout; sent with a Retry-After header.
    DATABASE_BUSY("database-busy", 503, "The database is busy; try again shortly"),
    // Bad input refused before any service runs (docs/decisions/0601-*, 0603-*).
    DUPLICATE_JSON_KEY("duplicate-json-key", 400, "A JSON object has the same key twice"),
    MALFORMED_TEXT("malformed-text", 400, "The request holds bytes or escapes that are not Unicode text"),
    HEADERS_TOO_LARGE("headers-too-large", 431, "The request headers are too large");

    private static final String BASE = "https://murmur.dev/problems/";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
