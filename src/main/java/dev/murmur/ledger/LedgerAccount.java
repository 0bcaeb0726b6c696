package dev.murmur.ledger;

import java.util.Objects;

/**
 * One ledger account, typed: what kind of account it is, whose it is, and (through the kind) which
 * unit it counts. Stored as three columns of every posting ({@code account_kind}, {@code owner_id},
 * {@code owner_address}), in the spirit of TigerBeetle's {@code ledger} and {@code code} fields, so
 * that no query parses an account name. {@link #name()} is the readable form for logs and docs only.
 *
 * @param kind         the account's kind, with its unit
 * @param ownerId      the Murmur account that owns it, for creator and reader accounts; else null
 * @param ownerAddress the wallet address it is held for, for held deposits; else null
 */
public record LedgerAccount(Kind kind, Long ownerId, String ownerAddress) {

    /** Account kinds, with stable codes (stored in {@code journal_posting.account_kind}). */
    public enum Kind {
        /** A creator's engagement and trend credits. */
        CREATOR_CREDITS(Owner.ACCOUNT, LedgerAccounts.CREDIT),
        /** A creator's tokens not yet in a settlement batch. */
        CREATOR_UNSETTLED(Owner.ACCOUNT, LedgerAccounts.TOKEN),
        /** A creator's tokens in a submitted batch that is not final yet. */
        CREATOR_PENDING(Owner.ACCOUNT, LedgerAccounts.TOKEN),
        /** A creator's tokens settled on chain and claimable. */
        CREATOR_SETTLED(Owner.ACCOUNT, LedgerAccounts.TOKEN),
        /** A creator's tokens claimed to a wallet (a {@code Claimed} log). */
        CREATOR_CLAIMED(Owner.ACCOUNT, LedgerAccounts.TOKEN),
        /** A reader's tipping balance: deposits in, tips and withdrawals out. */
        READER_BALANCE(Owner.ACCOUNT, LedgerAccounts.TOKEN),
        /** Deposits from an address no account has linked yet. */
        HELD_DEPOSITS(Owner.ADDRESS, LedgerAccounts.TOKEN),
        /** Source of engagement credits (goes negative). */
        ENGAGEMENT_POOL(Owner.NONE, LedgerAccounts.CREDIT),
        /** Source of trend credits (goes negative). */
        TREND_POOL(Owner.NONE, LedgerAccounts.CREDIT),
        /** Source of period budgets (goes negative). */
        REWARD_FUNDING(Owner.NONE, LedgerAccounts.TOKEN),
        /** Tokens readers deposited into the payout contract. */
        CHAIN_DEPOSITS(Owner.NONE, LedgerAccounts.TOKEN),
        /** The platform's tip fees. */
        TIP_FEES(Owner.NONE, LedgerAccounts.TOKEN);

        private final Owner owner;
        private final String unit;

        Kind(Owner owner, String unit) {
            this.owner = owner;
            this.unit = unit;
        }

        /** The unit every posting to an account of this kind counts in. */
        public String unit() {
            return unit;
        }
    }

    /** What owns an account of a kind: a Murmur account, a wallet address, or nobody (a platform account). */
    private enum Owner { ACCOUNT, ADDRESS, NONE }

    public LedgerAccount {
        Objects.requireNonNull(kind, "kind");
        boolean byAccount = ownerId != null;
        boolean byAddress = ownerAddress != null;
        if (byAccount != (kind.owner == Owner.ACCOUNT) || byAddress != (kind.owner == Owner.ADDRESS)) {
            throw new IllegalArgumentException("account of kind " + kind + " with owner " + ownerId + "/" + ownerAddress);
        }
    }

    static LedgerAccount platform(Kind kind) {
        return new LedgerAccount(kind, null, null);
    }

    static LedgerAccount of(Kind kind, long ownerId) {
        return new LedgerAccount(kind, ownerId, null);
    }

    static LedgerAccount heldFor(String address) {
        return new LedgerAccount(Kind.HELD_DEPOSITS, null, Objects.requireNonNull(address, "address"));
    }

    /** The unit this account counts in. */
    public String unit() {
        return kind.unit();
    }

    /** A readable name ({@code CREATOR_PENDING/42}), for messages; never parsed. */
    public String name() {
        return switch (kind.owner) {
            case ACCOUNT -> kind + "/" + ownerId;
            case ADDRESS -> kind + "/" + ownerAddress;
            case NONE -> kind.name();
        };
    }

    @Override
    public String toString() {
        return name();
    }
}
